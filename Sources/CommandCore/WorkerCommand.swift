import ArgumentParser
import BackfillStore
import Fleet
import GlobalPacer
import Logging
import Monitoring
import PQKit
import RedisKit
import ServiceLifecycle
import UnixSignals
import WorkQueue

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

package struct WorkerCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Work queued chunks: lease a client id, pace every request fleet-wide, store bars exactly once.",
        discussion: """
            Runs until SIGTERM or SIGINT: then it stops claiming, lets requests in flight finish within \
            BACKFILL_SHUTDOWN_GRACE_SECONDS, hands the rest back to the queue, releases its client id and exits 0. \
            Start as many workers as you like; they share the pacer and the client-id pool in Redis.
            """
    )

    package init() {}

    @OptionGroup package var connection: ConnectionOptions

    @Option(parsing: .unconditional, help: "Chunks worked on at once (default BACKFILL_CONCURRENCY, else 4).")
    package var concurrency: Int?

    @Option(help: "The gateway as HOST:PORT (default IBKR_HOST:IBKR_PORT).")
    package var gateway: String?

    @OptionGroup package var metrics: MetricsOptions

    package func validate() throws {
        if let concurrency, !(1...64).contains(concurrency) {
            throw ValidationError("--concurrency must be from 1 to 64.")
        }
        if let gateway, GatewayAddress(gateway) == nil {
            throw ValidationError("--gateway '\(gateway)' is not HOST:PORT with a port from 1 to 65535.")
        }
    }

    package func run() async throws {
        WorkerEventLoops.useOne()
        ProcessSignals.unblock([SIGINT, SIGTERM])
        let (settings, logger) = try connection.resolve()
        let address =
            gateway.flatMap(GatewayAddress.init)
            ?? settings.gatewayAddress
        let tuning = settings.tuning
        var workerConfiguration = WorkerConfiguration(workerID: Self.workerID())
        workerConfiguration.concurrency = concurrency ?? tuning.concurrency
        workerConfiguration.chunkLease = .seconds(tuning.chunkLeaseSeconds)
        workerConfiguration.heartbeatInterval = .seconds(tuning.heartbeatSeconds)
        workerConfiguration.shutdownGrace = .seconds(tuning.shutdownGraceSeconds)
        workerConfiguration.requestTimeout = .seconds(tuning.requestTimeoutSeconds)
        workerConfiguration.outageRetryDelay = .seconds(tuning.outageRetrySeconds)
        workerConfiguration.pacingRetryDelay = .seconds(tuning.pacingRetrySeconds)
        workerConfiguration.sendDelayForTesting = .milliseconds(tuning.testSendDelayMilliseconds)
        workerConfiguration.clientIDLease = .seconds(max(3 * tuning.heartbeatSeconds, 10))
        var queueConfiguration = settings.queueConfiguration
        queueConfiguration.maxAttempts = tuning.maxAttempts
        queueConfiguration.lease = workerConfiguration.chunkLease

        do {
            // A connection per slot and one for the heartbeat, so one slot's commit never waits for another's; a
            // statement still running after a minute is cancelled by the server (a commit takes milliseconds).
            var databaseConfiguration = settings.database
            databaseConfiguration.statementTimeout = .seconds(60)
            let database = PostgresConnectionPool(
                configuration: databaseConfiguration,
                size: workerConfiguration.concurrency + 1,
                logger: logger
            )
            try await database.withConnection { try await $0.open() }  // fail now, with a clear error, if unreachable
            let queueRedis = try await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let pacerRedis = try await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let queue = try WorkQueue(connection: queueRedis, configuration: queueConfiguration, logger: logger)
            let port = metrics.port(settings)
            let monitoring = port == 0 ? nil : WorkerMonitoring.bootstrap()
            let worker = Worker(
                configuration: workerConfiguration,
                gatewayHost: address.host,
                gatewayPort: address.port,
                queue: queue,
                store: ChunkStore(database: database),
                barStore: BarStore(database: database),
                pacer: try settings.pacer(for: address, on: pacerRedis, logger: logger),
                clientIDs: try settings.clientIDs(for: address, on: pacerRedis, ttl: workerConfiguration.clientIDLease),
                metrics: monitoring.map { _ in
                    WorkerMetrics(gateway: address.description, concurrency: workerConfiguration.concurrency)
                },
                logger: logger
            )
            let server = try await monitoring?.serve(
                host: metrics.metricsHost,
                port: port,
                worker: worker,
                logger: logger
            )
            // SIGTERM and SIGINT shut the worker down gracefully; once the grace period is over the group cancels
            // it, and it hands back what is still in flight.
            var lifecycle = ServiceGroupConfiguration(
                services: [worker],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
            lifecycle.maximumGracefulShutdownDuration = workerConfiguration.shutdownGrace
            try await ServiceGroup(configuration: lifecycle).run()
            let summary = worker.counters
            // A connection stuck behind a call to a server that does not answer would hold the exit for its
            // command timeout: close politely, but not for longer than a moment.
            let closing = ShutdownDeadline(.now + .seconds(1))
            await closing.run { await server?.close() }
            await closing.run { await queueRedis.close() }
            await closing.run { await pacerRedis.close() }
            await closing.run { await database.close() }
            FileHandleOutput.standardError("worker \(workerConfiguration.workerID) stopped: \(summary)")
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
            throw ExitCode.failure
        } catch let error as RedisError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        } catch let error as WorkQueueError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        } catch let error as PacerError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        } catch let error as WorkerMonitoring.BindError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        }
    }

    /// Unique per process and readable in `status`: host name, process id and a random suffix.
    package static func workerID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }
}
