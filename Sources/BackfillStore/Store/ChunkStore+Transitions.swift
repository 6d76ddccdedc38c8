import PQKit

extension ChunkStore {
    /// Marks chunks pushed to (or back to) Redis's ready queue.
    public func markQueued(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await database.query(
            """
            UPDATE chunks SET state = 'queued', queued_at = now(), updated_at = now()
            WHERE id = ANY(string_to_array($1, ',')) AND state NOT IN ('done', 'empty', 'cancelled', 'split')
            """,
            ids.joined(separator: ",")
        )
    }

    /// A worker claimed the chunk.
    public func markRunning(_ id: String, worker: String, clientID: Int) async throws {
        try await database.query(
            """
            UPDATE chunks SET state = 'running', worker = $2, client_id = $3, started_at = now(), updated_at = now()
            WHERE id = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
            """,
            id,
            worker,
            clientID
        )
    }

    /// The chunk failed: `retrying` (waiting in the delayed set) or `dead`, keeping IB's code and text.
    public func markFailed(
        _ id: String,
        state: ChunkState,
        attempts: Int,
        errorCode: Int?,
        errorText: String,
        nextAttemptAt: Int64? = nil
    ) async throws {
        try await database.query(
            """
            UPDATE chunks SET state = $2, attempts = $3, last_error_code = $4, last_error_text = $5,
                              next_attempt_at = to_timestamp($6::bigint), updated_at = now(),
                              finished_at = CASE WHEN $2 = 'dead' THEN now() ELSE NULL END
            WHERE id = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
            """,
            [id, state.rawValue, attempts, errorCode, errorText, nextAttemptAt]
        )
    }

    /// Dead chunks sent back to the queue by `backfill retry` start afresh.
    public func markRetried(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await database.query(
            """
            UPDATE chunks SET state = 'queued', attempts = 0, queued_at = now(), updated_at = now(), finished_at = NULL
            WHERE id = ANY(string_to_array($1, ',')) AND state = 'dead'
            """,
            ids.joined(separator: ",")
        )
    }

    /// Cancels a backfill: it and every chunk not yet finished. Returns how many chunks were cancelled.
    @discardableResult
    public func cancel(backfillID: String) async throws -> Int {
        try await database.withTransaction { database in
            try database.query(
                "UPDATE backfills SET state = 'cancelled', updated_at = now() WHERE id = $1 AND state = 'active'",
                backfillID
            )
            return try database.query(
                """
                UPDATE chunks SET state = 'cancelled', updated_at = now(), finished_at = now()
                WHERE backfill_id = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
                """,
                backfillID
            ).affectedRows
        }
    }
}

extension ChunkStore {
    /// Dead chunks of one backfill (or all), for `backfill retry --backfill`.
    public func deadChunkIDs(backfillID: String? = nil) async throws -> [String] {
        try await database.query(
            "SELECT id FROM chunks WHERE state = 'dead' AND ($1::text IS NULL OR backfill_id = $1) ORDER BY id",
            backfillID
        ).rows.map { try $0.decode(String.self, "id") }
    }
}

extension ChunkStore {
    /// A backfill's chunks that are recorded but were never queued (state `pending`): what a push that failed
    /// left behind.
    public func pendingChunkIDs(backfillID: String) async throws -> [String] {
        try await database.query(
            "SELECT id FROM chunks WHERE backfill_id = $1 AND state = 'pending' ORDER BY window_start",
            [backfillID]
        ).rows.map { try $0.decode(String.self, "id") }
    }
}
