import BackfillStore
import PQKit

/// Chunk states set and read directly, for tests that arrange or check a chunk's state without the worker. The
/// product moves chunks only through `BarStore.commit` (bars and state in one transaction) and the worker's ledger.
extension ChunkStore {
    /// Marks a chunk `done` or `empty` without bars.
    public func markFinished(_ id: String, state: ChunkState, barCount: Int) async throws {
        try await database.query(
            """
            UPDATE chunks SET state = $2, bar_count = $3, finished_at = now(), updated_at = now()
            WHERE id = $1 AND state NOT IN ('done', 'empty', 'cancelled', 'split')
            """,
            id,
            state.rawValue,
            barCount
        )
    }

    /// Chunk counts per state for one backfill.
    public func stateCounts(backfillID: String) async throws -> [ChunkState: Int] {
        let rows = try await database.query(
            "SELECT state, count(*) AS n FROM chunks WHERE backfill_id = $1 GROUP BY state",
            backfillID
        ).rows
        var counts: [ChunkState: Int] = [:]
        for row in rows {
            if let state = ChunkState(rawValue: try row.decode(String.self, "state")) {
                counts[state] = try row.decode(Int.self, "n")
            }
        }
        return counts
    }
}
