import BackfillStore
import CoreMetrics
import Monitoring

/// The scheduler's Prometheus metrics: whether it is the active one, when each market's next run is due, and what
/// its runs enqueued. Labels are the market (a handful of calendars), never a symbol.
public struct SchedulerMetrics: Sendable {
    /// Every family this type records, for ``DescribedPrometheusFactory``.
    public static let catalogue: [MetricDescription] = [
        MetricDescription(
            "backfill_scheduler_active",
            .gauge,
            help: "1 while this scheduler holds the lease (the active one), 0 while it stands by."
        ),
        MetricDescription("backfill_follows", .gauge, help: "Subscriptions (backfill follow) kept current."),
        MetricDescription(
            "backfill_scheduler_next_run_timestamp_seconds",
            .gauge,
            help: "Market time (UTC epoch seconds) of the next run per market: its next session close plus the delay."
        ),
        MetricDescription(
            "backfill_scheduler_last_enqueue_timestamp_seconds",
            .gauge,
            help: "Market time (UTC epoch seconds) of this scheduler's last run that enqueued chunks."
        ),
        MetricDescription(
            "backfill_scheduler_runs_total",
            .counter,
            help: "Subscription runs this scheduler completed (one per subscription and close)."
        ),
        MetricDescription(
            "backfill_scheduler_chunks_enqueued_total",
            .counter,
            help: "Chunks (or tick chains) this scheduler's runs added to PostgreSQL and the queue."
        ),
    ]

    private let factory: any MetricsFactory
    private let activeGauge: Gauge
    private let followsGauge: Gauge
    private let lastEnqueue: Gauge
    private let runs: Counter
    private let enqueued: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        activeGauge = Gauge(label: "backfill_scheduler_active", factory: factory)
        followsGauge = Gauge(label: "backfill_follows", factory: factory)
        lastEnqueue = Gauge(label: "backfill_scheduler_last_enqueue_timestamp_seconds", factory: factory)
        runs = Counter(label: "backfill_scheduler_runs_total", factory: factory)
        enqueued = Counter(label: "backfill_scheduler_chunks_enqueued_total", factory: factory)
        activeGauge.record(0)
    }

    func active(_ held: Bool) {
        activeGauge.record(held ? 1 : 0)
    }

    /// The subscriptions as read at a pass, and the next run of each market they use.
    func observe(_ follows: [FollowRecord], now: Int64, delay: Int64) {
        followsGauge.record(follows.count)
        for (market, next) in FollowSchedule.nextRuns(follows, now: now, delay: delay) {
            Gauge(
                label: "backfill_scheduler_next_run_timestamp_seconds",
                dimensions: [("market", market)],
                factory: factory
            )
            .record(next)
        }
    }

    func ran(_ outcome: FollowRunOutcome, at now: Int64) {
        runs.increment()
        if outcome.enqueued > 0 {
            enqueued.increment(by: outcome.enqueued)
            lastEnqueue.record(now)
        }
    }
}
