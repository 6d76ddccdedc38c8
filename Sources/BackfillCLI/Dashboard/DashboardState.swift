import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import Synchronization
import WorkQueue

/// The latest snapshot and the queue history, refreshed by one loop for every page and stream.
final class DashboardState: Sendable {
    let reader: DashboardReader
    let interval: Duration
    private let latestSnapshot = Mutex<DashboardSnapshot?>(nil)
    /// Reads of PostgreSQL and Redis so far, for the benchmark: one per refresh, whatever the number of viewers.
    private let refreshes = Mutex(0)

    init(reader: DashboardReader, interval: Duration) {
        self.reader = reader
        self.interval = interval
    }

    /// The latest snapshot; the first call reads one.
    func latest() async -> DashboardSnapshot {
        if let snapshot = latestSnapshot.withLock({ $0 }) { return snapshot }
        return await refresh()
    }

    /// How many snapshots were read.
    var refreshCount: Int { refreshes.withLock { $0 } }

    @discardableResult
    func refresh() async -> DashboardSnapshot {
        let history = latestSnapshot.withLock { $0?.queueHistory ?? [] }
        let snapshot = await reader.read(history: history)
        latestSnapshot.withLock { $0 = snapshot }
        refreshes.withLock { $0 += 1 }
        return snapshot
    }

    /// Refreshes every ``interval`` until cancelled.
    func run() async {
        while !Task.isCancelled {
            await refresh()
            try? await Task.sleep(for: interval)
        }
    }
}
