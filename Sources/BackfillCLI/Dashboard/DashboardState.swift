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

    init(reader: DashboardReader, interval: Duration) {
        self.reader = reader
        self.interval = interval
    }

    /// The latest snapshot; the first call reads one.
    func latest() async -> DashboardSnapshot {
        if let snapshot = latestSnapshot.withLock({ $0 }) { return snapshot }
        return await refresh()
    }

    /// Reads a new snapshot (the loop's tick, or at once after an action), keeping the queue history.
    @discardableResult
    func refresh() async -> DashboardSnapshot {
        let history = latestSnapshot.withLock { $0?.queueHistory ?? [] }
        let snapshot = await reader.read(history: history)
        latestSnapshot.withLock { $0 = snapshot }
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
