import ArgumentParser
import BackfillStore
import CommandCore
import WorkQueue

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a backfill: its unfinished chunks leave the queue; bars already stored stay."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The backfill id printed by enqueue.")
    var backfillID: String

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        try await FleetServices.with(settings, logger: logger) { services in
            try await UnknownID.requireBackfill(backfillID, in: services.store)
            let cancelled = try await services.store.cancel(backfillID: backfillID)
            let result = try await services.queue.cancel(backfillID: backfillID)
            print(
                "Cancelled \(cancelled) chunk(s); \(result.removed) left the queue, \(result.flaggedInFlight) in flight will be dropped when their worker reports."
            )
        }
    }
}
