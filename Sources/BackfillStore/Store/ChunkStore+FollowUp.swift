import ChunkPlanning
import PQKit
import TWSProtocol

/// Follow-ups of a reply cut short (issue 16): the chunk keeps the bars it got and is done; chunks for the front of
/// its window, which the gateway left out, follow it, with `split_from` naming it.
extension ChunkStore {
    /// Records the follow-ups of a chunk as `pending`, before the chunk's own bars are committed, so a crash in
    /// between leaves them for the redelivered chunk (or `resume`) to push. Idempotent: a follow-up whose request
    /// is already a chunk is not written again. The backfill's `chunk_count` counts the new ones.
    ///
    /// - Parameters:
    ///   - parentID: The chunk whose reply was cut short.
    ///   - followUps: Chunks of its series covering the part of its window the reply lacked.
    /// - Returns: The follow-ups that still need work, to push to the queue.
    /// - Throws: PQKit's `PostgresError`.
    public func recordFollowUps(of parentID: String, _ followUps: [ChunkRow]) async throws -> [String] {
        try await database.withTransaction { database in
            guard
                let parent = try database.query(
                    "SELECT backfill_id, instrument_id FROM chunks WHERE id = $1",
                    parentID
                ).singleRow()
            else { return [] }
            let backfillID = try parent.decode(String.self, "backfill_id")
            let instrumentID = try parent.decode(Int64.self, "instrument_id")
            let (inserted, unfinished) = try Self.insertChildren(
                followUps,
                of: parentID,
                backfillID: backfillID,
                instrumentID: instrumentID,
                into: database
            )
            try database.query(
                "UPDATE backfills SET chunk_count = chunk_count + $2, updated_at = now() WHERE id = $1",
                backfillID,
                inserted
            )
            return unfinished
        }
    }

    /// The chunks split from `parentID` (follow-ups or children) that still need work, earliest first.
    public func unfinishedChildren(of parentID: String) async throws -> [String] {
        try await database.query(
            """
            SELECT id FROM chunks WHERE split_from = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
            ORDER BY window_start
            """,
            parentID
        ).rows.map { try $0.decode(String.self, "id") }
    }

    /// The duration of the chunk `followUpID` follows, when it is the earliest follow-up of a reply cut short
    /// (its parent is done, not split, and it starts where the parent's window starts); `nil` otherwise.
    ///
    /// Bars found there prove the gateway left out data it had (a halt or a late listing would have none): only
    /// then is the parent's size remembered as refused.
    public func cutShortParentDuration(ofFollowUp followUpID: String) async throws -> IBDuration? {
        let row = try await database.query(
            """
            SELECT p.duration FROM chunks c JOIN chunks p ON p.id = c.split_from
            WHERE c.id = $1 AND c.window_start = p.window_start AND p.state = 'done'
            """,
            followUpID
        ).singleRow()
        return try row.flatMap { IBDuration(parsing: try $0.decode(String.self, "duration")) }
    }
}
