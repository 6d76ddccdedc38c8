import BlockingIO
import RedisKit

extension WorkQueue {
    /// How a queue names its keys and treats leases, failures and batches. Every field has a default.
    public struct Configuration: Sendable, Hashable {
        /// Put in front of every key, so several deployments can share one Redis.
        public var prefix: String = "backfill:"
        /// The hash tag shared by every key, so the scripts run on Redis Cluster.
        public var hashTag: String = "bf"
        /// How long a claim lasts without a heartbeat. Workers extend it well before it runs out (a third of it
        /// is a good interval); the reaper takes back chunks whose lease ran out.
        public var lease: Duration = .seconds(60)
        /// Failed attempts (including expired leases) after which a chunk is dead-lettered.
        public var maxAttempts: Int = 5
        /// Backoff between transient failures.
        public var backoff = Backoff(base: .seconds(5), cap: .seconds(300))
        /// Chunks per enqueue script call: big enough to load 100k chunks in about a hundred calls, small enough
        /// that one call blocks Redis for only a few milliseconds.
        public var enqueueBatchSize: Int = 1000
        /// Entries per call of the windowed scripts (promote, reap, retry, purge, cancel).
        public var maintenanceBatchSize: Int = 500
        /// How many due delayed chunks each claim promotes first; 0 leaves promotion to ``WorkQueue/promote()``.
        public var promoteOnClaim: Int = 100
        /// The first wait of ``WorkQueue/waitForChunk(worker:clientID:lease:timeout:)`` after an empty claim; it
        /// doubles up to ``idlePollMaximum``.
        public var idlePollMinimum: Duration = .milliseconds(10)
        /// The longest wait between claims of an idle worker.
        public var idlePollMaximum: Duration = .milliseconds(250)
        /// How long a worker registration lasts without renewal.
        public var workerRegistrationTTL: Duration = .seconds(30)

        public init() {}

        /// Checks the values that the scripts cannot work with.
        func validate() throws(WorkQueueError) {
            func check(_ condition: Bool, _ message: String) throws(WorkQueueError) {
                if !condition { throw WorkQueueError(.invalidConfiguration, message) }
            }
            try check(lease.milliseconds >= 1, "The lease must be at least 1 ms.")
            try check(maxAttempts >= 1, "maxAttempts must be at least 1.")
            try check(backoff.base.milliseconds >= 0, "The backoff base must not be negative.")
            try check(backoff.cap >= backoff.base, "The backoff cap must not be below its base.")
            try check((1...5000).contains(enqueueBatchSize), "enqueueBatchSize must be 1 to 5000.")
            try check((1...10_000).contains(maintenanceBatchSize), "maintenanceBatchSize must be 1 to 10000.")
            try check((0...10_000).contains(promoteOnClaim), "promoteOnClaim must be 0 to 10000.")
            try check(idlePollMinimum > .zero, "idlePollMinimum must be positive.")
            try check(idlePollMaximum >= idlePollMinimum, "idlePollMaximum must not be below idlePollMinimum.")
            try check(workerRegistrationTTL.milliseconds >= 1, "workerRegistrationTTL must be at least 1 ms.")
        }
    }
}
