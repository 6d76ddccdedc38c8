import ArgumentParser
import BackfillStore
import CommandCore
import CoreMetrics
import Fleet
import Foundation
import Logging
import Monitoring
import PQKit
import Prometheus
import RedisKit
import ServiceLifecycle
import UnixSignals
import WorkQueue

struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Keep every subscription (`backfill follow`) current: enqueue what is missing after each close.",
        discussion: """
            Run one or several (compose, Kubernetes): one holds a lease in PostgreSQL and is active, the others stand \
            by and take over within one lease period if it dies. On start it catches up on every close it missed. \
            Stops on SIGTERM or SIGINT and releases the lease. Market time is the system clock; tests may set \
            BACKFILL_TEST_CLOCK_FILE (see `backfill sim --clock-file`).
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "How long after a session's close its run starts, e.g. 10m (IB's last bars need a moment).")
    var delay = "10m"

    @Option(help: "How long the lease lasts unless renewed, e.g. 30s: a standby takes over within this.")
    var lease = "30s"

    @Option(help: "How often the scheduler checks the calendar and renews its lease (default: a sixth of --lease).")
    var interval: String?

    @OptionGroup var metrics: MetricsOptions

    func validate() throws {
        guard DurationText.seconds(delay) != nil else {
            throw ValidationError("--delay must be a duration such as 10m, 90s or 1h, not '\(delay)'.")
        }
        guard let leaseSeconds = DurationText.seconds(lease), leaseSeconds >= 2 else {
            throw ValidationError("--lease must be a duration of at least 2s, such as 30s, not '\(lease)'.")
        }
        if let interval {
            guard let seconds = DurationText.seconds(interval), seconds >= 1, seconds * 2 <= leaseSeconds else {
                throw ValidationError("--interval must be at least 1s and at most half of --lease, not '\(interval)'.")
            }
        }
    }

    func run() async throws {
        ProcessSignals.unblock([SIGINT, SIGTERM])
        let (settings, logger) = try connection.resolve()
        let leaseSeconds = DurationText.seconds(lease) ?? 30
        var configuration = SchedulerConfiguration(holder: WorkerCommand.workerID())
        configuration.delay = DurationText.seconds(delay) ?? 600
        configuration.leasePeriod = Double(leaseSeconds)
        configuration.pollInterval = .seconds(interval.flatMap(DurationText.seconds) ?? max(1, leaseSeconds / 6))
        do {
            let database = PostgresConnectionPool(configuration: settings.database, size: 1, logger: logger)
            try await database.withConnection { try await $0.open() }  // fail now, with a clear error, if unreachable
            let redis = try await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let queue = try WorkQueue(connection: redis, configuration: settings.queueConfiguration, logger: logger)
            let port = metrics.port(settings)
            var registry: PrometheusCollectorRegistry?
            if port != 0 {
                let factory = DescribedPrometheusFactory(catalogue: SchedulerMetrics.catalogue)
                MetricsSystem.bootstrap(factory)
                registry = factory.registry
            }
            let scheduler = Scheduler(
                configuration: configuration,
                database: database,
                queue: queue,
                clock: settings.clock,
                metrics: registry.map { _ in SchedulerMetrics() },
                logger: logger
            )
            var server: MonitoringServer?
            if let registry {
                do {
                    server = try await MonitoringServer.start(
                        host: metrics.metricsHost,
                        port: port,
                        registry: registry,
                        beforeScrape: {},
                        health: { Self.health(scheduler.snapshot) },
                        logger: logger
                    )
                } catch {
                    CommandFailure.print("Cannot serve /metrics on \(metrics.metricsHost):\(port): \(error)")
                    throw ExitCode.failure
                }
            }
            FileHandleOutput.standardError(
                "scheduler \(configuration.holder): delay \(configuration.delay) s after each close, lease \(leaseSeconds) s, market time from the \(settings.clock)"
            )
            let lifecycle = ServiceGroupConfiguration(
                services: [scheduler],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
            try await ServiceGroup(configuration: lifecycle).run()
            let closing = ShutdownDeadline(.now + .seconds(1))
            let monitoringServer = server
            await closing.run { await monitoringServer?.close() }
            await closing.run { await redis.close() }
            await closing.run { await database.close() }
            let state = scheduler.snapshot
            FileHandleOutput.standardError(
                "scheduler \(configuration.holder) stopped: \(state.runs) run(s), \(state.enqueued) chunk(s) enqueued"
            )
        } catch {
            try CommandFailure.exitForServiceError(error)
        }
    }

    /// `/healthz`: healthy while the process passes, active or standing by.
    static func health(_ state: SchedulerState) -> HealthReport {
        let last = state.lastEnqueueAt.map(String.init) ?? "null"
        return HealthReport(
            healthy: true,
            body:
                #"{"active":\#(state.active),"runs":\#(state.runs),"enqueued":\#(state.enqueued),"lastEnqueue":\#(last)}"#
        )
    }
}
