import RedisKit

extension RedisScriptReply where Failure == WorkQueueError {
    /// A chunk's record, stored as JSON; `.unexpectedReply` naming the script if the reply holds no bytes or no
    /// record.
    func record() throws(WorkQueueError) -> ChunkRecord {
        guard let bytes = reply.bytes else { throw unexpected("a record") }
        return try ChunkRecord(json: bytes)
    }
}
