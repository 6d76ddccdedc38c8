import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// What `backfill gaps` compares for one series in `[from, to)`: the chunks overlapping it (every state) and the
    /// start times of the bars stored in it (and up to one bar before, whose span may reach into it).
    ///
    /// - Returns: Empty lists when the instrument was never recorded.
    public func gapInputs(
        contract: Contract,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool,
        from: Int64,
        to: Int64
    ) async throws -> (chunks: [CoverageChunk], barStarts: [Int64]) {
        guard let instrumentID = try await existingInstrumentIDs(for: [contract])[contract] else { return ([], []) }
        let chunks = try await database.query(
            """
            SELECT id, state, last_error_code, last_error_text,
                   extract(epoch FROM window_start)::bigint AS start, extract(epoch FROM window_end)::bigint AS "end"
            FROM chunks
            WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3 AND use_rth = $4
              AND window_end > to_timestamp($5::bigint) AND window_start < to_timestamp($6::bigint)
              AND state <> 'split'
            ORDER BY window_start
            """,
            [instrumentID, barSize.ibName, whatToShow, useRTH, from, to]
        ).rows.map { row in
            CoverageChunk(
                id: try row.decode(String.self, "id"),
                window: try row.decode(Int64.self, "start")..<row.decode(Int64.self, "end"),
                state: try row.decode(String.self, "state"),
                errorCode: try row.decode(Int?.self, "last_error_code"),
                errorText: try row.decode(String?.self, "last_error_text")
            )
        }
        // Bars are keyed by (instrument, bar size, what-to-show, start): one index range scan.
        let starts = try await database.query(
            """
            SELECT extract(epoch FROM bar_start)::bigint AS start FROM bars
            WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3
              AND bar_start >= to_timestamp($4::bigint) AND bar_start < to_timestamp($5::bigint)
            ORDER BY bar_start
            """,
            [instrumentID, barSize.ibName, whatToShow, from - Int64(barSize.seconds), to]
        ).rows.map { try $0.decode(Int64.self, "start") }
        return (chunks, starts)
    }

    /// The earliest start of any chunk of a series, or `nil` when it has none: where `gaps` starts by default.
    public func earliestChunkStart(
        contract: Contract,
        barSize: String,
        whatToShow: String,
        useRTH: Bool
    ) async throws
        -> Int64?
    {
        guard let instrumentID = try await existingInstrumentIDs(for: [contract])[contract] else { return nil }
        return try await database.query(
            """
            SELECT extract(epoch FROM min(window_start))::bigint AS start FROM chunks
            WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3 AND use_rth = $4
              AND state NOT IN ('cancelled', 'split')
            """,
            [instrumentID, barSize, whatToShow, useRTH]
        ).singleRow()?.decode(Int64?.self, "start")
    }
}
