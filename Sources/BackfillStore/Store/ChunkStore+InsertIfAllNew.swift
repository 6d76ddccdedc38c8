import PQKit

extension ChunkStore {
    /// Inserts `incoming_chunks` with a plain `INSERT` when none of them is a chunk yet, the usual case for a new
    /// backfill; `nil` when one is (a unique violation rolls back to a savepoint), and the caller's
    /// `ON CONFLICT DO NOTHING` then decides row by row. Runs inside the caller's transaction.
    ///
    /// `ON CONFLICT` costs every row a second descent of the primary key: a seventh of recording half a million
    /// chunks.
    ///
    /// - Returns: The rows inserted, or `nil` when some already existed and nothing was inserted.
    static func insertIfAllNew(
        into database: isolated PostgresConnection,
        backfillID: String,
        state: ChunkState
    ) throws -> Int? {
        try database.executeScript("SAVEPOINT new_chunks")
        let attempt = Result { () throws(PostgresError) -> Int in
            try database.query(
                """
                INSERT INTO chunks (id, backfill_id, instrument_id, bar_size, what_to_show, use_rth, end_time,
                                    end_date_time, duration, window_start, window_end, chain_id, page_index, state,
                                    queued_at)
                SELECT id, $1, instrument_id, bar_size, what_to_show, use_rth, to_timestamp(window_end),
                       end_date_time, duration, to_timestamp(window_start), to_timestamp(window_end), chain_id,
                       page_index, $2::text, CASE WHEN $2::text = 'queued' THEN now() END
                FROM incoming_chunks
                """,
                [backfillID, state.rawValue]
            ).affectedRows
        }
        switch attempt {
        case .success(let count):
            try database.executeScript("RELEASE SAVEPOINT new_chunks")
            return count
        case .failure(let error) where error.sqlState == "23505":
            try database.executeScript("ROLLBACK TO SAVEPOINT new_chunks")
            return nil
        case .failure(let error):
            throw error
        }
    }
}
