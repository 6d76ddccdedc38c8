import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// Replaces a chunk by smaller ones covering its window, in one transaction: the children are written `pending`
    /// with `split_from` naming the parent, and the parent becomes `split` with the reason.
    ///
    /// Idempotent: a parent split before keeps its children and returns those not finished; a parent finished or
    /// cancelled meanwhile is left alone. A child whose request already exists as a chunk (of any backfill) is not
    /// written again. The backfill's `chunk_count` counts the children instead of the parent.
    ///
    /// - Parameters:
    ///   - parentID: The chunk to split.
    ///   - children: Chunks of the parent's series whose windows cover its window.
    ///   - reason: Why (kept as the parent's last error text).
    /// - Returns: Whether the parent is split, and the children to push to the queue.
    /// - Throws: PQKit's `PostgresError`.
    public func split(_ parentID: String, into children: [ChunkRow], reason: String) async throws -> ChunkSplitOutcome {
        try await database.withTransaction { database in
            guard
                let parent = try database.query(
                    "SELECT state, backfill_id, instrument_id FROM chunks WHERE id = $1 FOR UPDATE",
                    parentID
                ).singleRow()
            else {
                return ChunkSplitOutcome(isSplit: false, childIDs: [])
            }
            let state = try parent.decode(String.self, "state")
            if state == ChunkState.split.rawValue {
                let unfinished = try database.query(
                    """
                    SELECT id FROM chunks WHERE split_from = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
                    ORDER BY window_start
                    """,
                    parentID
                ).rows.map { try $0.decode(String.self, "id") }
                return ChunkSplitOutcome(isSplit: true, childIDs: unfinished)
            }
            if ChunkState(rawValue: state)?.isFinished ?? true {
                return ChunkSplitOutcome(isSplit: false, childIDs: [])
            }
            let backfillID = try parent.decode(String.self, "backfill_id")
            let instrumentID = try parent.decode(Int64.self, "instrument_id")
            let (inserted, push) = try Self.insertChildren(
                children,
                of: parentID,
                backfillID: backfillID,
                instrumentID: instrumentID,
                into: database
            )
            try database.query(
                """
                UPDATE chunks SET state = 'split', last_error_text = $2, finished_at = now(), updated_at = now()
                WHERE id = $1
                """,
                parentID,
                reason
            )
            try database.query(
                "UPDATE backfills SET chunk_count = chunk_count + $2 - 1, updated_at = now() WHERE id = $1",
                backfillID,
                inserted
            )
            return ChunkSplitOutcome(isSplit: true, childIDs: push)
        }
    }

    /// The chunks a split chunk became, earliest first (every state), for `status`, tests and the dashboard.
    ///
    /// - Parameter parentID: The split chunk.
    /// - Returns: The children's ids and windows.
    public func splitChildren(of parentID: String) async throws -> [(id: String, window: Range<Int64>)] {
        try await database.query(
            """
            SELECT id, extract(epoch FROM window_start)::bigint AS start,
                   extract(epoch FROM window_end)::bigint AS "end"
            FROM chunks WHERE split_from = $1 ORDER BY window_start
            """,
            parentID
        ).rows.map { row in
            (try row.decode(String.self, "id"), try row.decode(Int64.self, "start")..<row.decode(Int64.self, "end"))
        }
    }
}
