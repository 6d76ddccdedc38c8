import RedisKit

/// The Redis keys of one queue: `<prefix>{<tag>}:<name>`.
///
/// Every key carries the same hash tag, so on Redis Cluster they all live in one slot and a script may touch any
/// of them; the prefix lets several deployments share one Redis. The layout and what each key holds are described
/// in the KeyLayout article.
public struct QueueKeys: Sendable, Hashable {
    /// Everything before the key name: `<prefix>{<tag>}:`.
    public let base: String

    /// Builds the keys for a prefix and hash tag.
    ///
    /// - Parameters:
    ///   - prefix: put in front of every key, e.g. `backfill:`; may be empty.
    ///   - tag: the hash tag, e.g. `bf`.
    /// - Throws: ``WorkQueueError`` `.invalidConfiguration` if the tag is empty or contains a brace, or the prefix
    ///   contains `{` (Redis Cluster hashes the first `{…}` of a key, so the prefix would decide the slot).
    public init(prefix: String, tag: String) throws(WorkQueueError) {
        base = try RedisKeySpace(prefix: prefix, tag: tag, of: WorkQueue.self).base
    }

    /// The queue's keys by name; ``subscript(_:)`` gives the full key. The raw value is the key's last part.
    public enum Name: String, Sendable, CaseIterable {
        /// Hash: chunk id → the chunk's record (JSON), including `done` and `cancelled` tombstones.
        case records = "chunks"
        /// Zset: ready chunk ids, scored so that the lowest score is the highest priority's oldest chunk.
        case ready
        /// Zset: delayed chunk ids scored by the time they become ready.
        case delayed
        /// Zset: in-flight chunk ids scored by their lease deadline; the reaper's index.
        case inFlight = "inflight"
        /// Zset: dead chunk ids scored by the time they died.
        case dead
        /// List: one token per ready or in-flight chunk; the list KEDA's Redis list scaler watches.
        case backlog
        /// String: a counter for FIFO order within a priority and for lease tokens.
        case sequence = "seq"
        /// Zset: registered worker ids scored by when their registration expires.
        case workers
        /// Hash: worker id → its client id and times (JSON).
        case workerInfo = "worker-info"
    }

    /// The full key of `name`: `<prefix>{<tag>}:<name>`.
    public subscript(_ name: Name) -> String { base + name.rawValue }

    /// Every key of the queue, e.g. to delete a test's queue.
    public var all: [String] { Name.allCases.map { self[$0] } }
}
