import ArgumentParser
import BackfillStore
import BlockingIO
import CommandCore
import Fleet
import Foundation
import GlobalPacer
import Logging
import PQKit
import RedisKit
import UnixSignals
import WorkQueue

/// `backfill status --watch`: a frame every `interval` seconds until SIGINT or SIGTERM, which end it with status 0.
///
/// The connections are opened lazily and reopened by the next frame after a failure, so an outage of Redis or
/// PostgreSQL shows as an error line in the frames while it lasts instead of ending the command.
struct StatusWatch {
    var settings: Settings
    var logger: Logger
    var backfillID: String?
    var gateways: [GatewayAddress]
    var json: Bool
    var interval: Int

    func run() async throws {
        // Children of the test runner (or of any parent that blocked them) would never see these signals.
        ProcessSignals.unblock([SIGINT, SIGTERM])
        let stop = OneShotSignal()
        let signals = Task {
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                // A second signal while a frame waits on a slow server: leave at once.
                if stop.isTriggered { Foundation.exit(0) }
                stop.trigger()
            }
        }
        defer { signals.cancel() }

        let database = PostgresConnection(configuration: settings.database, logger: logger)
        let redis = RedisConnection(configuration: settings.redis, logger: logger)
        let store = ChunkStore(database: database)
        let queue: WorkQueue
        var pacers: [GlobalPacer] = []
        do {
            queue = try WorkQueue(connection: redis, configuration: settings.queueConfiguration, logger: logger)
            for gateway in gateways { pacers.append(try settings.pacer(for: gateway, on: redis, logger: logger)) }
        } catch {
            CommandFailure.print(String(describing: error))
            throw ExitCode.failure
        }
        let frames = Task { [self, pacers] in
            var screen = StatusScreen.standardOutput()
            while !stop.isTriggered {
                let snapshot = await StatusSnapshot.read(
                    store: store,
                    queue: queue,
                    pacers: pacers,
                    pacerConfiguration: settings.pacerConfiguration,
                    backfillID: backfillID,
                    marketNow: settings.marketTime
                )
                if stop.isTriggered { break }
                if json {
                    try? FileHandle.standardOutput.write(contentsOf: Data((StatusJSON.line(snapshot) + "\n").utf8))
                } else {
                    // Header and body fit above the line the cursor rests on.
                    let maxLines = screen.rows.map { max(1, $0 - 2) }
                    screen.show(
                        StatusText.header(snapshot.time, interval: interval, terminal: screen.inPlace) + "\n"
                            + StatusText.body(snapshot, maxLines: maxLines)
                    )
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        await stop.wait()
        frames.cancel()
        await frames.value
        await redis.close()
        await database.close()
    }
}
