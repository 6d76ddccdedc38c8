import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Foundation
import GlobalPacer
import Hummingbird
import Logging
import PQKit
import RedisKit
import WorkQueue

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "A web dashboard: progress, queue, pacer, dead letters and follows, live in the browser.",
        discussion: """
            Reads Redis and PostgreSQL as `status` does, once per --interval for every open page. Bound to \
            127.0.0.1 by default: pages are open there, and retry, purge and cancel need a login with \
            BACKFILL_DASHBOARD_TOKEN. Bound to any other address, every page needs the login.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The address to listen on (default 127.0.0.1; anything else makes every page need the login).")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The port (0 picks a free one and prints it).")
    var port = 8080

    @Option(help: "A gateway's pacer to show besides IBKR_HOST:IBKR_PORT, as HOST:PORT (repeatable).")
    var gateway: [String] = []

    @Option(parsing: .unconditional, help: "Seconds between reads of Redis and PostgreSQL (pages update as often).")
    var interval = 2.0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard interval >= 0.2, interval <= 60 else {
            throw ValidationError("--interval must be from 0.2 to 60 seconds.")
        }
        for address in gateway where GatewayAddress(address) == nil {
            throw ValidationError("--gateway '\(address)' is not HOST:PORT with a port from 1 to 65535.")
        }
    }

    func run() async throws {
        ProcessSignals.unblock([SIGINT, SIGTERM])
        let (settings, logger) = try connection.resolve()
        let token = ProcessInfo.processInfo.environment["BACKFILL_DASHBOARD_TOKEN"]
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        if !loopback && (token ?? "").isEmpty {
            CommandFailure.print(
                "--host \(host) is not loopback: every page then needs a login, so set BACKFILL_DASHBOARD_TOKEN."
            )
            throw ExitCode(2)
        }
        do {
            let database = PostgresConnectionPool(configuration: settings.database, size: 3, logger: logger)
            try await database.withConnection { try await $0.open() }
            let redis = try await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let queue = try WorkQueue(connection: redis, configuration: settings.queueConfiguration, logger: logger)
            let addresses = [settings.gatewayAddress] + gateway.compactMap(GatewayAddress.init)
            let pacers = try addresses.map { try settings.pacer(for: $0, on: redis, logger: logger) }
            let store = ChunkStore(database: database)
            let state = DashboardState(
                reader: DashboardReader(store: store, queue: queue, pacers: pacers, settings: settings),
                interval: .milliseconds(Int64(interval * 1000))
            )
            let routes = DashboardRoutes(
                state: state,
                sessions: DashboardSessions(token: token),
                actions: DashboardActions(store: store, queue: queue),
                loopbackOnly: loopback
            )
            let host = host
            let app = Application(
                router: routes.router(),
                configuration: .init(address: .hostname(host, port: port), serverName: "backfill-dashboard"),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? 0
                    FileHandleOutput.standardError(
                        "dashboard at http://\(host.contains(":") ? "[\(host)]" : host):\(bound)/ (\((token ?? "").isEmpty ? "actions off: set BACKFILL_DASHBOARD_TOKEN to log in" : "log in with BACKFILL_DASHBOARD_TOKEN for actions"))"
                    )
                },
                logger: logger
            )
            let refresher = Task { await state.run() }
            defer { refresher.cancel() }
            try await app.runService()
            await redis.close()
            await database.close()
        } catch {
            try CommandFailure.exitForServiceError(error, otherwise: "Cannot serve the dashboard on \(host):\(port)")
        }
    }
}
