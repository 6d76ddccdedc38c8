import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// What the dashboard's buttons do: the same calls as `backfill retry`, `dead purge` and `cancel`.
struct DashboardActions: Sendable {
    let store: ChunkStore
    let queue: WorkQueue

    /// Dead chunks back to the queue: one chunk, one backfill's, or all. Returns how many moved.
    func retry(chunk: String?, backfill: String?) async throws -> Int {
        let selection: DeadSelection = chunk.map { .chunk($0) } ?? backfill.map { .backfill($0) } ?? .all
        let ids: [String]
        if let chunk {
            ids = [chunk]
        } else {
            ids = try await store.deadChunkIDs(backfillID: backfill)
        }
        let moved = try await queue.retryDead(selection)
        try await store.markRetried(ids)
        return moved
    }

    /// Dead chunks out of the queue (PostgreSQL keeps them as dead). Returns how many.
    func purge(backfill: String?) async throws -> Int {
        try await queue.purgeDead(backfill.map { .backfill($0) } ?? .all)
    }

    /// Cancels a backfill. Returns the chunks cancelled.
    func cancel(backfill: String) async throws -> Int {
        let cancelled = try await store.cancel(backfillID: backfill)
        _ = try await queue.cancel(backfillID: backfill)
        return cancelled
    }
}
