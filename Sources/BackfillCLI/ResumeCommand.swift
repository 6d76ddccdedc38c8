import ArgumentParser
import BackfillStore
import CommandCore

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Re-enqueue every unfinished chunk from PostgreSQL (the recovery path after Redis lost its data)."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Only this backfill (default: all active backfills).")
    var backfillID: String?

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        try await FleetServices.with(settings, logger: logger) { services in
            if let backfillID { try await UnknownID.requireBackfill(backfillID, in: services.store) }
            let unfinished = try await services.store.unfinishedChunks(backfillID: backfillID)
            let added = try await services.push(unfinished)
            print("\(unfinished.count) unfinished chunk(s); \(added) were missing from the queue and are back in it.")
        }
    }
}
