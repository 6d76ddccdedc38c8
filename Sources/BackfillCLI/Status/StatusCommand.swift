import ArgumentParser
import BackfillStore
import CommandCore
import Foundation
import GlobalPacer
import PQKit
import RedisKit
import WorkQueue

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Progress per backfill (PostgreSQL) and the state of the queue, workers and pacer (Redis).",
        discussion: """
            Per backfill: a progress bar, finished chunks, bars, retrying and dead chunks, the rate over the last \
            ten minutes (or since work began) and the ETA at that rate. Then the queue by state, the workers, and the pacer of each \
            gateway: requests in IB's 10-minute window, open requests, the large-bar rate and any cooldown.

            With --watch it prints again every --interval seconds until Ctrl-C (exit 0): in place on a terminal, \
            else frame after frame with a timestamp header (one JSON object per line with --json). A server that \
            cannot be reached shows as an error line in the frame while the watch goes on.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Only this backfill.")
    var backfillID: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print again every few seconds until interrupted.")
    var watch = false

    @Option(parsing: .unconditional, help: "Seconds between prints with --watch (at least 1).")
    var interval = 5

    @Option(
        name: .customLong("gateway"),
        help: "Also show the pacer of this gateway, as HOST:PORT (repeatable; IBKR_HOST:IBKR_PORT is always shown)."
    )
    var gateways: [String] = []

    func validate() throws {
        if interval < 1 { throw ValidationError("--interval must be at least 1 second, not \(interval).") }
        for gateway in gateways where GatewayAddress(gateway) == nil {
            throw ValidationError("--gateway '\(gateway)' is not HOST:PORT with a port from 1 to 65535.")
        }
    }

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        var addresses = [settings.gatewayAddress]
        for address in gateways.compactMap(GatewayAddress.init) where !addresses.contains(address) {
            addresses.append(address)
        }
        if watch {
            // An unknown id is refused up front when PostgreSQL answers; when it does not, the watch starts anyway
            // and shows the outage, as it does for any outage while it runs.
            if let backfillID,
                let database = try? await PostgresConnection.connect(configuration: settings.database, logger: logger)
            {
                let known = try? await ChunkStore(database: database).backfillExists(id: backfillID)
                await database.close()
                if known == false { throw UnknownID.unknownBackfill(backfillID) }
            }
            try await StatusWatch(
                settings: settings,
                logger: logger,
                backfillID: backfillID,
                gateways: addresses,
                json: json,
                interval: interval
            ).run()
            return
        }
        // Once: any part that cannot be read fails the command with its one sentence, as every command does.
        try await FleetServices.with(settings, logger: logger) { services in
            if let backfillID { try await UnknownID.requireBackfill(backfillID, in: services.store) }
            let pacers: [GlobalPacer]
            do {
                pacers = try addresses.map {
                    try settings.pacer(for: $0, on: services.queue.connection, logger: logger)
                }
            } catch {
                CommandFailure.print(String(describing: error))
                throw ExitCode.failure
            }
            let snapshot = await StatusSnapshot.read(
                store: services.store,
                queue: services.queue,
                pacers: pacers,
                pacerConfiguration: settings.pacerConfiguration,
                backfillID: backfillID,
                marketNow: settings.marketTime
            )
            if let failure = snapshot.failures.first {
                if let error = failure.error as? PacerError {
                    CommandFailure.print(error.description)
                    throw ExitCode.failure
                }
                throw failure.error
            }
            print(json ? StatusJSON.line(snapshot) : StatusText.body(snapshot))
        }
    }
}
