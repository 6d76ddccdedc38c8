import PQKit

extension PostgresCopyWriter {
    /// Writes one row of the `incoming_chunks` table that ``ChunkStore`` records chunks through, field by field
    /// (no array per row: a plan can have half a million).
    mutating func appendChunk(
        id: String,
        instrumentID: Int64,
        barSize: String,
        whatToShow: String,
        useRTH: Bool,
        endDateTime: String,
        duration: String,
        windowStart: Int64,
        windowEnd: Int64,
        chainID: String?,
        pageIndex: Int?
    ) throws(PostgresError) {
        try appendField(id)
        appendField(instrumentID)
        try appendField(barSize)
        try appendField(whatToShow)
        try appendField(useRTH ? "t" : "f")
        try appendField(endDateTime)
        try appendField(duration)
        appendField(windowStart)
        appendField(windowEnd)
        try appendField(chainID)
        if let pageIndex {
            appendField(Int64(pageIndex))
        } else {
            try appendField(nil)
        }
        try endRow()
    }
}
