import Synchronization
import WorkQueue

/// The chunks a worker holds, so the heartbeat can renew their leases.
final class InFlightChunks: Sendable {
    private let chunks = Mutex<[String: ClaimedChunk]>([:])

    func insert(_ chunk: ClaimedChunk) {
        chunks.withLock { $0[chunk.id] = chunk }
    }

    func remove(_ chunk: ClaimedChunk) {
        chunks.withLock { _ = $0.removeValue(forKey: chunk.id) }
    }

    var all: [ClaimedChunk] { chunks.withLock { Array($0.values) } }

    var count: Int { chunks.withLock { $0.count } }
}
