import BlockingIO
import Logging
import RedisKit

/// The Redis work queue that dispatches chunks to workers.
///
/// Chunks (by id) are enqueued per backfill with a priority, claimed by workers under a lease, renewed by
/// heartbeats, and finally acked, failed (retried with backoff or dead-lettered) or handed back. Each operation
/// is one Lua script, so a chunk is always in exactly one place: ready, delayed, in flight with one worker, dead,
/// or gone (acked, cancelled, purged). Leases and delays use the Redis server's clock. The key layout, the
/// priority scheme and what KEDA watches are described in the KeyLayout article.
///
/// Redis is not the system of record: Postgres is, and every transition reported here is meant to be mirrored
/// there by the caller. Everything in Redis can be rebuilt with ``enqueue(_:backfillID:priority:)``, which is
/// idempotent.
///
/// Threading: a `WorkQueue` is a value holding a ``RedisConnection``; copies share that connection and its
/// thread, and calls on one connection run one at a time. Give each worker (or each busy task) its own queue
/// value over its own connection if one connection's round trips become the bottleneck. The queue does not own
/// the connection: close it yourself.
public struct WorkQueue: Sendable {
    /// The connection every operation uses.
    public let connection: RedisConnection
    /// The settings this queue was created with.
    public let configuration: Configuration
    /// The keys, from the configuration's prefix and tag.
    public let keys: QueueKeys
    let logger: Logger

    /// The priorities a chunk may have. The ready zset keeps priority and FIFO order in one score
    /// (`−priority · 2^42 + sequence`), which stays exact in a double only for a bounded priority.
    public static let priorityRange = -1000...1000

    /// Creates a queue over an existing connection.
    ///
    /// - Parameters:
    ///   - connection: the Redis connection to use; not closed by the queue.
    ///   - configuration: key names, lease, retry policy and batch sizes.
    ///   - logger: receives debug and trace messages about transitions.
    /// - Throws: ``WorkQueueError`` `.invalidConfiguration` for a bad prefix, tag or setting.
    public init(
        connection: RedisConnection,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "backfill.workqueue")
    ) throws(WorkQueueError) {
        try configuration.validate()
        self.connection = connection
        self.configuration = configuration
        self.keys = try QueueKeys(prefix: configuration.prefix, tag: configuration.hashTag)
        self.logger = logger
    }

    /// Checks a lease or delay argument and converts it to milliseconds.
    func milliseconds(_ duration: Duration, name: String, minimum: Int64) throws(WorkQueueError) -> Int64 {
        let value = duration.milliseconds
        guard value >= minimum else {
            throw WorkQueueError(.invalidArgument, "\(name) must be at least \(minimum) ms, not \(duration).")
        }
        return value
    }
}
