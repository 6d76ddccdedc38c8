import Synchronization
import WorkQueue

/// The chunks a worker holds, so the heartbeat can renew their leases.
///
/// A chunk is *settled* just before the call that ends its lease (ack, fail, hand back) and removed once its run
/// is over. The heartbeat renews only unsettled chunks and reports a lost lease only for a chunk still unsettled
/// after the answer: a renewal that raced the ack of a finished chunk is not a lost lease.
final class InFlightChunks: Sendable {
    private let chunks = Mutex<[String: (chunk: ClaimedChunk, settled: Bool)]>([:])

    func insert(_ chunk: ClaimedChunk) {
        chunks.withLock { $0[chunk.id] = (chunk, false) }
    }

    /// The chunk's lease is about to end on purpose: stop renewing it.
    func settle(_ chunk: ClaimedChunk) {
        chunks.withLock { $0[chunk.id]?.settled = true }
    }

    func remove(_ chunk: ClaimedChunk) {
        chunks.withLock { _ = $0.removeValue(forKey: chunk.id) }
    }

    /// Whether the chunk is held and its lease should still be renewed.
    func isUnsettled(_ chunk: ClaimedChunk) -> Bool {
        chunks.withLock { $0[chunk.id]?.settled == false }
    }

    /// The chunks whose leases the heartbeat renews.
    var unsettled: [ClaimedChunk] { chunks.withLock { $0.values.filter { !$0.settled }.map(\.chunk) } }

    var count: Int { chunks.withLock { $0.count } }
}
