import BackfillStore
import BlockingIO
import ChunkPlanning
import Logging
import MarketCalendar
import PQKit
import Synchronization
import WorkQueue

/// `backfill scheduler`: keeps every subscription (`backfill follow`) current, one run after each session close of
/// its instrument's own calendar.
///
/// Several schedulers may run; the one holding the ``SchedulerLease`` is active and the others wait, renewing
/// nothing, until it expires. Each pass (every ``SchedulerConfiguration/pollInterval``) the active one reads the
/// market clock and, for every subscription whose latest due session (close plus the delay) is past its recorded
/// `last_close`, plans the missing chunks through the ordinary planner (``FollowRunPlan``), records them in
/// PostgreSQL, pushes them to Redis, and then records the run. A scheduler that was down catches up on its first
/// pass: the plan runs from the subscription's start, minus every chunk already planned.
///
/// Nothing is lost to an outage: chunks are recorded before they are pushed, a pass pushes every recorded chunk of
/// the subscription still `pending` (recorded, never queued), and the run is recorded only after the push. A pass
/// that fails is logged and tried again at the next one.
public final class Scheduler: Sendable {
    public let configuration: SchedulerConfiguration
    /// Triggered to stop ``schedule()`` (SIGTERM through ``run()``); the lease is released on the way out.
    public let stop = OneShotSignal()

    private let database: any PostgresClient
    private let queue: WorkQueue
    private let clock: MarketClock
    private let metrics: SchedulerMetrics?
    private let logger: Logger
    private let state = Mutex(SchedulerState())

    /// Creates a scheduler; nothing runs until ``schedule()`` or ``pass()``.
    ///
    /// - Parameters:
    ///   - configuration: Delay, lease and pace.
    ///   - database: PostgreSQL (follows, chunks, the lease).
    ///   - queue: The Redis queue the chunks are pushed to.
    ///   - clock: Market time: the system clock, or a test clock file.
    ///   - metrics: Prometheus metrics, or `nil`.
    ///   - logger: Where runs are logged.
    public init(
        configuration: SchedulerConfiguration,
        database: any PostgresClient,
        queue: WorkQueue,
        clock: MarketClock,
        metrics: SchedulerMetrics? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.database = database
        self.queue = queue
        self.clock = clock
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "scheduler"] = "\(configuration.holder)"
        self.logger = logger
    }

    /// The lease this scheduler competes for.
    public var lease: SchedulerLease {
        SchedulerLease(
            database: database,
            name: configuration.leaseName,
            holder: configuration.holder,
            period: configuration.leasePeriod,
            delay: configuration.delay
        )
    }

    /// Whether this scheduler held the lease at its last pass, and what it has done since it started.
    public var snapshot: SchedulerState {
        state.withLock { $0 }
    }

    /// Passes until ``stop`` is triggered or the task is cancelled; then releases the lease if held.
    public func schedule() async {
        logger.notice(
            "Scheduler started",
            metadata: ["lease": "\(configuration.leaseName)", "period": "\(configuration.leasePeriod)s"]
        )
        while !stop.isTriggered && !Task.isCancelled {
            await pass()
            _ = await stop.wait(until: .now + configuration.pollInterval)
        }
        if snapshot.active {
            do {
                try await lease.release()
                logger.notice("Scheduler stopped; lease released")
            } catch {
                logger.warning(
                    "Scheduler stopped; the lease could not be released and will expire",
                    metadata: error.metadata
                )
            }
        }
    }

    /// One pass: renew or take the lease, and if held, run every subscription that is due.
    ///
    /// - Returns: What each run did (empty when standing by or nothing was due).
    @discardableResult
    public func pass() async -> [FollowRunOutcome] {
        let held: Bool
        do {
            held = try await lease.acquireOrRenew()
        } catch {
            logger.warning("Cannot reach PostgreSQL for the scheduler lease; trying again", metadata: error.metadata)
            return []
        }
        let announced = state.withLock { state in
            defer { (state.active, state.announced) = (held, held) }
            return state.announced
        }
        metrics?.active(held)
        if held != announced {
            logger.notice(
                held ? "Scheduler is active (holds the lease)" : "Scheduler is standing by (lease held by another)"
            )
        }
        guard held else { return [] }
        let now: Int64
        do {
            now = try clock.now()
        } catch {
            logger.error("Cannot read market time", metadata: ["error": "\(error)"])
            return []
        }
        let follows: [FollowRecord]
        do {
            follows = try await FollowStore(database: database).all()
        } catch {
            logger.warning("Cannot read the subscriptions; trying again", metadata: error.metadata)
            return []
        }
        metrics?.observe(follows, now: now, delay: configuration.delay)
        var outcomes: [FollowRunOutcome] = []
        for follow in follows {
            if stop.isTriggered { break }
            let schedule = follow.spec.schedule(delay: configuration.delay)
            guard let due = schedule.latestDueSession(at: now) else { continue }
            if let last = follow.lastClose, last >= due.upperBound { continue }
            do {
                // A catch-up pass can outlast the lease: renew it before each run, so a standby never takes over
                // from a scheduler that is merely busy.
                guard try await lease.acquireOrRenew(),
                    let outcome = try await FollowRun(follow: follow, schedule: schedule, due: due, now: now)
                        .run(database: database, queue: queue, lease: lease)
                else {
                    logger.notice("Scheduler lost its lease mid-pass; standing by")
                    state.withLock { ($0.active, $0.announced) = (false, false) }
                    metrics?.active(false)
                    return outcomes
                }
                outcomes.append(outcome)
                state.withLock { state in
                    state.runs += 1
                    state.enqueued += outcome.enqueued
                    if outcome.enqueued > 0 { state.lastEnqueueAt = now }
                }
                metrics?.ran(outcome, at: now)
                logger.info(
                    "Subscription run",
                    metadata: [
                        "follow": "\(follow.spec.symbol) \(follow.spec.series)", "close": "\(outcome.close)",
                        "enqueued": "\(outcome.enqueued)", "queued": "\(outcome.queued)",
                    ]
                )
            } catch let error as PlanningError {
                // Not a passing failure: the same plan fails the same way until the subscription is changed.
                let key = "\(follow.id)@\(due.upperBound)"
                let first = state.withLock { $0.reportedFailures.insert(key).inserted }
                if first {
                    logger.error(
                        "A subscription cannot be planned; fix or remove it",
                        metadata: ["follow": "\(follow.spec.symbol) \(follow.spec.series)", "error": "\(error)"]
                    )
                }
            } catch {
                logger.warning(
                    "A subscription run failed; trying again at the next pass",
                    metadata: ["follow": "\(follow.spec.symbol) \(follow.spec.series)"].merging(error.metadata) { $1 }
                )
            }
        }
        return outcomes
    }
}

extension Error {
    /// The error for a log line: its description, which PQKit and RedisKit keep free of passwords.
    fileprivate var metadata: Logger.Metadata {
        ["error": "\(self)"]
    }
}
