import BackfillStore
import ChunkPlanning
import Fleet
import Foundation

/// The scheduler's part of `backfill status`: who holds the lease, the subscriptions, when each market runs next
/// and what the last runs enqueued.
struct SchedulerStatus: Sendable {
    /// The active scheduler, or `nil` when none holds a live lease.
    var holder: SchedulerLease.Holder?
    /// The subscriptions as read.
    var records: [FollowRecord]
    /// The delay after a close of the scheduler that last held the lease (the default when none did).
    var delay: Int64
    /// Market → market time of its next run.
    var nextRuns: [String: Int64]
    /// The latest run that enqueued anything: when (database time) and how many chunks.
    var lastEnqueue: (time: Int64, chunks: Int)?
    var totalEnqueued: Int64
    var revisedBars: Int64

    /// Reads it; `nil` when there is nothing to say (no subscription and no scheduler ever ran).
    static func read(store: ChunkStore, marketNow: Int64) async throws -> SchedulerStatus? {
        let follows = try await FollowStore(database: store.database).all()
        let lease = try await SchedulerLease(database: store.database, holder: "", period: 0).current()
        guard !follows.isEmpty || lease != nil else { return nil }
        let delay = lease?.delay ?? SchedulerConfiguration.defaultDelay
        let last = follows.filter { $0.lastEnqueued > 0 && $0.lastRunAt != nil }.max {
            ($0.lastRunAt ?? 0) < ($1.lastRunAt ?? 0)
        }
        return SchedulerStatus(
            holder: lease.flatMap { $0.expired ? nil : $0 },
            records: follows,
            delay: delay,
            nextRuns: FollowSchedule.nextRuns(follows, now: marketNow, delay: delay),
            lastEnqueue: last.map { ($0.lastRunAt ?? 0, $0.lastEnqueued) },
            totalEnqueued: follows.reduce(0) { $0 + $1.totalEnqueued },
            revisedBars: follows.reduce(0) { $0 + $1.revisedBars }
        )
    }

    /// `scheduler: active vm-1-42-x (lease 25 s left); 3 follows, 9 chunks enqueued, 110 bars revised; last
    /// enqueue 2024-03-12 21:10 UTC (3 chunks); next run forex24x5 2024-03-13 21:10 UTC, usEquity …`
    func text(now: Double = Date().timeIntervalSince1970) -> String {
        let who =
            holder.map { "active \($0.holder) (lease \(max(0, Int(($0.expiresAt - now).rounded(.up)))) s left)" }
            ?? "none running (start `backfill scheduler`)"
        var line =
            "scheduler: \(who); \(records.count) follow(s), \(totalEnqueued) chunk(s) enqueued, \(revisedBars) bar(s) revised"
        if let lastEnqueue {
            line += "; last enqueue \(UTCText.minute(lastEnqueue.time)) (\(lastEnqueue.chunks) chunk(s))"
        }
        if !nextRuns.isEmpty {
            line +=
                "; next run "
                + nextRuns.sorted { $0.key < $1.key }.map { "\($0.key) \(UTCText.minute($0.value))" }
                .joined(separator: ", ")
        }
        return line
    }

    var json: [String: Any] {
        [
            "active": holder.map { ["holder": $0.holder, "leaseExpires": $0.expiresAt] as [String: Any] } ?? NSNull(),
            "follows": records.count,
            "nextRuns": nextRuns,
            "lastEnqueue": lastEnqueue.map { ["time": $0.time, "chunks": $0.chunks] as [String: Any] } ?? NSNull(),
            "chunksEnqueued": totalEnqueued,
            "barsRevised": revisedBars,
        ]
    }
}
