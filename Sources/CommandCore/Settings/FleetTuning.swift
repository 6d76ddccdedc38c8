import BlockingIO
import Fleet
import GlobalPacer
import WorkQueue

/// The `BACKFILL_*` settings that tune workers and the pacer. Every one has a safe default for a real gateway.
///
/// The defaults are those of the types the settings end up in (``WorkerConfiguration``, ``PacerConfiguration``,
/// ``WorkQueue/Configuration``), read from them rather than written again, so the two can never disagree.
public struct FleetTuning: Sendable, Hashable {
    /// The configurations whose defaults these settings start from.
    private enum Defaults {
        static let worker = WorkerConfiguration(workerID: "")
        static let pacer = PacerConfiguration()
        static let queue = WorkQueue.Configuration()
    }

    /// `BACKFILL_CONCURRENCY`: chunks a worker works on at once (`--concurrency` wins).
    public var concurrency = Defaults.worker.concurrency
    /// `BACKFILL_PACING_SCALE`: multiplies every pacing window, as `backfill sim --pacing-scale` does; 1 for IB.
    public var pacingScale = Defaults.pacer.scale
    /// `BACKFILL_PACING_PROFILE`: `default` (IB's hard rules for bars ≤ 30 s, a gentler profile above) or
    /// `strict` (the hard rules for every bar size).
    public var strictPacing = Defaults.pacer.strictForLargeBars
    /// `BACKFILL_PACING_MARGIN_MS`: added to every pacing window (not scaled), because IB judges a request when it
    /// arrives, a little after the pacer let it go.
    public var pacingMarginMilliseconds = Int(Defaults.pacer.windowMargin.milliseconds)
    /// `BACKFILL_MAX_OPEN_REQUESTS`: historical requests open at once per gateway, fleet-wide (IB allows 50).
    public var maxOpenRequests = Defaults.pacer.maxOpenRequests
    /// `BACKFILL_MAX_ATTEMPTS`: failed attempts after which a chunk is dead-lettered.
    public var maxAttempts = Defaults.queue.maxAttempts
    /// `BACKFILL_CHUNK_LEASE_SECONDS`: how long a claimed chunk stays leased without a heartbeat, i.e. how soon
    /// a killed worker's chunks return to the queue.
    public var chunkLeaseSeconds = Defaults.worker.chunkLease.inSeconds
    /// `BACKFILL_HEARTBEAT_SECONDS`: how often a worker renews its leases and reaps expired ones.
    public var heartbeatSeconds = Defaults.worker.heartbeatInterval.inSeconds
    /// `BACKFILL_SHUTDOWN_GRACE_SECONDS`: after SIGTERM, how long in-flight requests may take to finish.
    public var shutdownGraceSeconds = Defaults.worker.shutdownGrace.inSeconds
    /// `BACKFILL_REQUEST_TIMEOUT_SECONDS`: how long one historical request may take.
    public var requestTimeoutSeconds = Defaults.worker.requestTimeout.inSeconds
    /// `BACKFILL_OUTAGE_RETRY_SECONDS`: how long a chunk waits before another try when Redis, PostgreSQL or the
    /// pacer could not be reached (no attempt is spent).
    public var outageRetrySeconds = Defaults.worker.outageRetryDelay.inSeconds
    /// `BACKFILL_PACING_RETRY_SECONDS`: how long a chunk waits after IB refused it for pacing without a 162
    /// violation (322, 100, 420); after a 162 it waits out the fleet's cooldown instead.
    public var pacingRetrySeconds = Defaults.worker.pacingRetryDelay.inSeconds
    /// `BACKFILL_METRICS_PORT`: where a worker serves `/metrics` and `/healthz` (`--metrics-port` wins); unset or 0
    /// serves nothing, so several workers on one host do not fight over a port by default.
    public var metricsPort: Int?
    /// `BACKFILL_TEST_SEND_DELAY_MS`: for tests only, a delay between each request's pacer permit and its send, as
    /// a starved or paused worker would have; 0 (the default) in production.
    public var testSendDelayMilliseconds = Int(Defaults.worker.sendDelayForTesting.milliseconds)

    public init() {}

    /// Reads the settings that are set; the rest keep their defaults.
    ///
    /// - Throws: ``ConfigurationError`` naming the first malformed setting.
    public init(sources: SettingSources) throws(ConfigurationError) {
        func number(
            _ name: String,
            _ range: ClosedRange<Double>,
            _ fallback: Double
        ) throws(ConfigurationError)
            -> Double
        {
            guard let text = sources.value(name) else { return fallback }
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw ConfigurationError(
                    setting: name,
                    "\(name) '\(text)' must be a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))."
                )
            }
            return value
        }
        func integer(_ name: String, _ range: ClosedRange<Int>, _ fallback: Int) throws(ConfigurationError) -> Int {
            guard let text = sources.value(name) else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigurationError(
                    setting: name,
                    "\(name) '\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)."
                )
            }
            return value
        }
        concurrency = try integer("BACKFILL_CONCURRENCY", 1...64, concurrency)
        pacingScale = try number("BACKFILL_PACING_SCALE", 0.0001...100, pacingScale)
        switch sources.value("BACKFILL_PACING_PROFILE")?.lowercased() {
        case nil, "default": strictPacing = false
        case "strict": strictPacing = true
        case let other?:
            throw ConfigurationError(
                setting: "BACKFILL_PACING_PROFILE",
                "BACKFILL_PACING_PROFILE '\(other)' is not 'default' or 'strict'."
            )
        }
        pacingMarginMilliseconds = try integer("BACKFILL_PACING_MARGIN_MS", 0...60_000, pacingMarginMilliseconds)
        maxOpenRequests = try integer("BACKFILL_MAX_OPEN_REQUESTS", 1...50, maxOpenRequests)
        maxAttempts = try integer("BACKFILL_MAX_ATTEMPTS", 1...100, maxAttempts)
        chunkLeaseSeconds = try number("BACKFILL_CHUNK_LEASE_SECONDS", 1...3600, chunkLeaseSeconds)
        heartbeatSeconds = try number("BACKFILL_HEARTBEAT_SECONDS", 0.1...600, heartbeatSeconds)
        guard heartbeatSeconds * 2 <= chunkLeaseSeconds else {
            throw ConfigurationError(
                setting: "BACKFILL_HEARTBEAT_SECONDS",
                "BACKFILL_HEARTBEAT_SECONDS must be at most half of BACKFILL_CHUNK_LEASE_SECONDS, or leases run out between heartbeats."
            )
        }
        shutdownGraceSeconds = try number("BACKFILL_SHUTDOWN_GRACE_SECONDS", 0...3600, shutdownGraceSeconds)
        requestTimeoutSeconds = try number("BACKFILL_REQUEST_TIMEOUT_SECONDS", 1...3600, requestTimeoutSeconds)
        outageRetrySeconds = try number("BACKFILL_OUTAGE_RETRY_SECONDS", 0...3600, outageRetrySeconds)
        pacingRetrySeconds = try number("BACKFILL_PACING_RETRY_SECONDS", 0...3600, pacingRetrySeconds)
        let port = try integer("BACKFILL_METRICS_PORT", 0...65535, 0)
        metricsPort = port == 0 ? nil : port
        testSendDelayMilliseconds = try integer("BACKFILL_TEST_SEND_DELAY_MS", 0...60_000, testSendDelayMilliseconds)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
