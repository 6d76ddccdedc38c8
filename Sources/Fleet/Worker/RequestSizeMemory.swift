import BackfillStore
import ChunkPlanning
import Logging
import Synchronization

/// The worker's view of the request sizes the fleet learned (`request_sizes`), shared by its slots.
///
/// Read from PostgreSQL at most every ``refreshInterval`` (what another worker learned reaches this one within that
/// time), and updated at once by this worker's own lessons. A database that does not answer leaves the last view in
/// place: learning is an optimisation, never a reason to stop.
final class RequestSizeMemory: Sendable {
    private struct State {
        var limits = RequestSizeLimits()
        var loadedAt: ContinuousClock.Instant?
    }

    let store: RequestSizeStore
    let refreshInterval: Duration
    private let state = Mutex(State())

    init(store: RequestSizeStore, refreshInterval: Duration = .seconds(30)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// The learned sizes, read again when the last read is older than ``refreshInterval``.
    func limits() async -> RequestSizeLimits {
        let (current, loadedAt) = state.withLock { ($0.limits, $0.loadedAt) }
        if let loadedAt, ContinuousClock.now - loadedAt < refreshInterval { return current }
        guard let fresh = try? await store.limits() else { return current }
        state.withLock { $0 = State(limits: fresh, loadedAt: .now) }
        return fresh
    }

    /// Records that a window worked, when that teaches something (``RequestSizeRecord/learnsFromSuccess(_:)``).
    func worked(_ key: RequestSizeKey, seconds: Int64, _ logger: Logger) async {
        let record = state.withLock { $0.limits.records[key] } ?? RequestSizeRecord()
        guard record.learnsFromSuccess(seconds) else { return }
        do {
            let updated = try await store.recordWorked(key, seconds: seconds)
            remember(key, updated)
            logger.info("Learned a request size that works", metadata: ["kind": "\(key)", "seconds": "\(seconds)"])
        } catch {
            logger.warning("Recording a request size that works failed", metadata: ["error": "\(error)"])
        }
    }

    /// Records that a window failed for its size; the local view learns it even when PostgreSQL does not answer.
    func refused(_ key: RequestSizeKey, seconds: Int64, reason: String, _ logger: Logger) async {
        do {
            remember(key, try await store.recordRefused(key, seconds: seconds, reason: reason))
        } catch {
            let known = state.withLock { $0.limits.records[key] } ?? RequestSizeRecord()
            remember(key, known.refused(seconds))
            logger.warning("Recording a refused request size failed", metadata: ["error": "\(error)"])
        }
        logger.notice(
            "Learned a request size the gateway finds too large",
            metadata: ["kind": "\(key)", "seconds": "\(seconds)", "reason": "\(reason)"]
        )
    }

    private func remember(_ key: RequestSizeKey, _ record: RequestSizeRecord) {
        state.withLock { state in
            var records = state.limits.records
            records[key] = record
            state.limits = RequestSizeLimits(records)
        }
    }
}
