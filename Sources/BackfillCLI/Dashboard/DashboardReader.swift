import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import Foundation
import GlobalPacer
import WorkQueue

/// Reads a ``DashboardSnapshot`` from PostgreSQL and Redis; a part that cannot be read is listed among the
/// status's failures, and the rest is shown.
struct DashboardReader: Sendable {
    let store: ChunkStore
    let queue: WorkQueue
    let pacers: [GlobalPacer]
    let settings: Settings

    func read(history: [DashboardSnapshot.QueueSample]) async -> DashboardSnapshot {
        let marketNow = settings.marketTime
        let status = await StatusSnapshot.read(
            store: store,
            queue: queue,
            pacers: pacers,
            pacerConfiguration: settings.pacerConfiguration,
            backfillID: nil,
            marketNow: marketNow
        )
        var snapshot = DashboardSnapshot(
            status: status,
            throughput: [],
            queueHistory: history,
            dead: [],
            recentViolations: 0,
            marketNow: marketNow
        )
        if let stats = status.queue {
            let sample = DashboardSnapshot.QueueSample(
                time: Int64(status.time.timeIntervalSince1970),
                ready: stats.ready,
                delayed: stats.delayed,
                inFlight: stats.inFlight,
                dead: stats.dead
            )
            snapshot.queueHistory = (history + [sample]).filter { $0.time > sample.time - 3_600 }
        }
        guard status.backfills != nil else { return snapshot }
        do {
            snapshot.throughput = try await store.throughput(minutes: 60)
            snapshot.dead = try await store.deadChunks(limit: 200)
            snapshot.recentViolations = try await store.recentPacingViolations()
        } catch {
            snapshot.status.failures.append(StatusSnapshot.Failure(part: "dashboard", error: error))
        }
        return snapshot
    }
}
