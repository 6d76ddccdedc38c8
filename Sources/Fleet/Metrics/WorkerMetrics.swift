import BlockingIO
import CoreMetrics
import Monitoring
import TWSClient
import TWSProtocol
import WorkQueue

/// The worker's Prometheus metrics, recorded through swift-metrics.
///
/// Labels stay low-cardinality: the gateway (`host:port`, a handful per fleet), the IB result code (a bounded set),
/// the chunk outcome and the queue state. Never a symbol, chunk or worker id: Prometheus adds `instance` itself.
///
/// Queue depth is the fleet's, read from Redis, so every worker reports the same value; dashboards take `max()`.
public struct WorkerMetrics: Sendable {
    /// Every family this type records, with its help text and buckets, for ``DescribedPrometheusFactory``.
    public static let catalogue: [MetricDescription] = [
        MetricDescription(
            "backfill_queue_chunks",
            .gauge,
            help: "Chunks in the fleet's queue by state (ready, delayed, in_flight, dead); the same on every worker."
        ),
        MetricDescription(
            "backfill_queue_oldest_ready_age_seconds",
            .gauge,
            help: "How long the oldest ready chunk has waited to be claimed."
        ),
        MetricDescription("backfill_fleet_workers", .gauge, help: "Workers registered in Redis."),
        MetricDescription("backfill_chunks_total", .counter, help: "Chunks this worker finished handling, by outcome."),
        MetricDescription("backfill_bars_written_total", .counter, help: "Bars this worker committed to PostgreSQL."),
        MetricDescription(
            "backfill_bars_revised_total",
            .counter,
            help:
                "Stored bars this worker rewrote because IB sent other values for them (a revisit of recent sessions)."
        ),
        MetricDescription(
            "backfill_ticks_written_total",
            .counter,
            help: "Historical ticks this worker committed to PostgreSQL."
        ),
        MetricDescription(
            "backfill_tick_pages_total",
            .counter,
            help: "Tick pages (one IB request each) this worker committed."
        ),
        MetricDescription(
            "backfill_ib_requests_total",
            .counter,
            help:
                "Historical-data requests sent to IB, by gateway and result code (ok, timeout, disconnected, not_sent or IB's)."
        ),
        MetricDescription(
            "backfill_ib_request_duration_seconds",
            .durationHistogram(buckets: [
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
                .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
            ]),
            help: "Time from sending a historical-data request to its answer or failure."
        ),
        MetricDescription(
            "backfill_ib_open_requests",
            .gauge,
            help: "Historical-data requests this worker has open at the gateway."
        ),
        MetricDescription(
            "backfill_pacing_wait_seconds",
            .durationHistogram(buckets: [
                .milliseconds(10), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15),
                .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
            ]),
            help: "Time a request waited for the fleet-wide pacer's permit."
        ),
        MetricDescription(
            "backfill_pacing_violations_total",
            .counter,
            help: "Pacing violations (error 162) IB reported to this worker."
        ),
        MetricDescription(
            "backfill_worker_connection_state",
            .gauge,
            help: "1 for the worker's current gateway connection state (ready, paused, disconnected), else 0."
        ),
        MetricDescription("backfill_worker_chunks_in_flight", .gauge, help: "Chunks this worker holds now."),
        MetricDescription(
            "backfill_ledger_write_failures_total",
            .counter,
            help: "Chunk states PostgreSQL failed to record after Redis moved the chunk (stale until its next move)."
        ),
        MetricDescription("backfill_worker_concurrency", .gauge, help: "Chunks this worker works on at once at most."),
    ]

    private let gateway: String
    private let factory: any MetricsFactory
    private let queueChunks: [String: Meter]
    private let oldestReady: Meter
    private let fleetWorkers: Meter
    private let barsWritten: Counter
    private let barsRevised: Counter
    private let ticksWritten: Counter
    private let tickPagesWritten: Counter
    private let requestDuration: Timer
    private let openRequests: Meter
    private let pacingWait: Timer
    private let pacingViolations: Counter
    private let connectionStates: [GatewayConnectionState: Meter]
    private let inFlight: Meter
    private let ledgerWriteFailures: Counter

    public init(gateway: String, concurrency: Int, factory: any MetricsFactory = MetricsSystem.factory) {
        self.gateway = gateway
        self.factory = factory
        let byGateway = [("gateway", gateway)]
        queueChunks = Dictionary(
            uniqueKeysWithValues: ["ready", "delayed", "in_flight", "dead"].map {
                ($0, Meter(label: "backfill_queue_chunks", dimensions: [("state", $0)], factory: factory))
            }
        )
        oldestReady = Meter(label: "backfill_queue_oldest_ready_age_seconds", factory: factory)
        fleetWorkers = Meter(label: "backfill_fleet_workers", factory: factory)
        barsWritten = Counter(label: "backfill_bars_written_total", factory: factory)
        barsRevised = Counter(label: "backfill_bars_revised_total", factory: factory)
        ticksWritten = Counter(label: "backfill_ticks_written_total", factory: factory)
        tickPagesWritten = Counter(label: "backfill_tick_pages_total", factory: factory)
        requestDuration = Timer(label: "backfill_ib_request_duration_seconds", dimensions: byGateway, factory: factory)
        openRequests = Meter(label: "backfill_ib_open_requests", dimensions: byGateway, factory: factory)
        pacingWait = Timer(label: "backfill_pacing_wait_seconds", dimensions: byGateway, factory: factory)
        pacingViolations = Counter(label: "backfill_pacing_violations_total", dimensions: byGateway, factory: factory)
        connectionStates = Dictionary(
            uniqueKeysWithValues: GatewayConnectionState.allCases.map {
                (
                    $0,
                    Meter(
                        label: "backfill_worker_connection_state",
                        dimensions: byGateway + [("state", $0.rawValue)],
                        factory: factory
                    )
                )
            }
        )
        inFlight = Meter(label: "backfill_worker_chunks_in_flight", factory: factory)
        ledgerWriteFailures = Counter(label: "backfill_ledger_write_failures_total", factory: factory)
        Meter(label: "backfill_worker_concurrency", factory: factory).set(concurrency)
        // Series that exist from the start, so rates and alerts see a zero rather than nothing.
        for outcome in ChunkOutcome.names { _ = chunkCounter(outcome) }
        _ = requestCounter("ok")
        inFlight.set(0)
        openRequests.set(0)
        connection(.disconnected)
    }

    private func chunkCounter(_ outcome: String) -> Counter {
        // swift-prometheus hands back the same series for the same name and labels, so this is a lookup.
        Counter(label: "backfill_chunks_total", dimensions: [("outcome", outcome)], factory: factory)
    }

    private func requestCounter(_ code: String) -> Counter {
        Counter(
            label: "backfill_ib_requests_total",
            dimensions: [("gateway", gateway), ("code", code)],
            factory: factory
        )
    }

    /// A chunk left the worker's hands.
    func record(_ outcome: ChunkOutcome) {
        switch outcome {
        case .done(let bars): barsWritten.increment(by: bars)
        case .pageDone(let ticks):
            ticksWritten.increment(by: ticks)
            tickPagesWritten.increment()
        default: break
        }
        chunkCounter(outcome.name).increment()
    }

    /// A commit found stored bars with other values and rewrote them.
    func barsRevised(_ count: Int) {
        if count > 0 { barsRevised.increment(by: count) }
    }

    /// A historical request is about to be sent.
    func requestStarted() { openRequests.increment(by: 1.0) }

    /// A request was never written: its permit's send deadline passed first (a starved worker). Counted under
    /// `code="not_sent"` so a starved fleet shows, though IB never saw it.
    func requestWithdrawn() {
        openRequests.decrement(by: 1.0)
        requestCounter("not_sent").increment()
    }

    /// A historical request ended after `duration`: nil error for an answer.
    func requestFinished(after duration: Duration, error: (any Error)?) {
        openRequests.decrement(by: 1.0)
        requestDuration.recordNanoseconds(duration.nanoseconds)
        requestCounter(Self.resultCode(error)).increment()
    }

    /// The label for a request's result: `ok`, IB's numeric code, or what went wrong on our side.
    static func resultCode(_ error: (any Error)?) -> String {
        guard let error else { return "ok" }
        guard let error = error as? TWSClientError else { return error is CancellationError ? "cancelled" : "error" }
        if let code = error.ibError?.code { return String(code) }
        switch error.code {
        case .requestTimedOut: return "timeout"
        case .connectionFailed, .connectionLost, .clientIDInUse, .handshakeTimeout: return "disconnected"
        case .cancelled: return "cancelled"
        default: return "error"
        }
    }

    func pacerWaited(_ duration: Duration) { pacingWait.recordNanoseconds(duration.nanoseconds) }

    func pacingViolation() { pacingViolations.increment() }

    /// A chunk state PostgreSQL did not record (see ``ChunkLedger``).
    func ledgerWriteFailed() { ledgerWriteFailures.increment() }

    /// Marks `state` as the current connection state (1) and the others 0.
    func connection(_ state: GatewayConnectionState) {
        for (candidate, meter) in connectionStates { meter.set(candidate == state ? 1 : 0) }
    }

    func chunksInFlight(_ count: Int) { inFlight.set(count) }

    /// The fleet's queue, as the heartbeat read it from Redis.
    func queue(_ stats: QueueStats) {
        queueChunks["ready"]?.set(stats.ready)
        queueChunks["delayed"]?.set(stats.delayed)
        queueChunks["in_flight"]?.set(stats.inFlight)
        queueChunks["dead"]?.set(stats.dead)
        let oldest = stats.readyByPriority.map(\.oldestReadyAge).max() ?? .zero
        oldestReady.set(oldest.inSeconds)
        fleetWorkers.set(stats.workers.count)
    }
}
