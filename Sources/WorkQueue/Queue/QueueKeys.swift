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

    /// Hash: chunk id → the chunk's record (JSON), including `done` and `cancelled` tombstones.
    public var records: String { base + "chunks" }
    /// Zset: ready chunk ids, scored so that the lowest score is the highest priority's oldest chunk.
    public var ready: String { base + "ready" }
    /// Zset: delayed chunk ids scored by the time they become ready.
    public var delayed: String { base + "delayed" }
    /// Zset: in-flight chunk ids scored by their lease deadline; the reaper's index.
    public var inFlight: String { base + "inflight" }
    /// Zset: dead chunk ids scored by the time they died.
    public var dead: String { base + "dead" }
    /// List: one token per ready or in-flight chunk; the list KEDA's Redis list scaler watches.
    public var backlog: String { base + "backlog" }
    /// String: a counter for FIFO order within a priority and for lease tokens.
    public var sequence: String { base + "seq" }
    /// Zset: registered worker ids scored by when their registration expires.
    public var workers: String { base + "workers" }
    /// Hash: worker id → its client id and times (JSON).
    public var workerInfo: String { base + "worker-info" }

    /// Every key of the queue, e.g. to delete a test's queue.
    public var all: [String] {
        [records, ready, delayed, inFlight, dead, backlog, sequence, workers, workerInfo]
    }
}
