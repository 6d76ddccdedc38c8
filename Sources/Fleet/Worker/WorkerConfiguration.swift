/// How a worker runs. Every field has a default suited to a real gateway; tests shorten the times.
public struct WorkerConfiguration: Sendable, Hashable {
    /// This process's id in the queue: unique per process.
    public var workerID: String
    /// Chunks worked on at once (`--concurrency`). IB serves one client's requests in parallel; the pacer's
    /// open-request cap, not this, bounds the gateway's load.
    public var concurrency: Int = 4
    /// How long a claimed chunk's lease lasts without a heartbeat.
    public var chunkLease: Duration = .seconds(60)
    /// How long a client-id lease lasts without a heartbeat.
    public var clientIDLease: Duration = .seconds(30)
    /// How often the heartbeat renews leases and registration and reaps expired leases fleet-wide.
    public var heartbeatInterval: Duration = .seconds(5)
    /// How long a historical request may take before it is cancelled at the gateway and retried.
    public var requestTimeout: Duration = .seconds(120)
    /// After SIGTERM/SIGINT, how long in-flight requests may take to finish before they are handed back.
    public var shutdownGrace: Duration = .seconds(30)
    /// How long a chunk waits before another try when Redis or Postgres is unreachable.
    public var outageRetryDelay: Duration = .seconds(5)
    /// How long a chunk waits after a pacing refusal other than a 162 violation (322, 100, 420).
    public var pacingRetryDelay: Duration = .seconds(10)
    /// How long an idle slot waits for a chunk before looking at the shutdown flag again.
    public var claimPollTimeout: Duration = .seconds(1)

    /// For tests only: every request waits this long between its pacer permit and its send, as on a starved
    /// machine, to prove the pacer counts what IB counts. Zero (the default) in production.
    public var sendDelayForTesting: Duration = .zero

    public init(workerID: String) {
        self.workerID = workerID
    }
}
