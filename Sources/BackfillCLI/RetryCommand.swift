import ArgumentParser
import BackfillStore
import CommandCore
import WorkQueue

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Send dead-lettered chunks back to the queue with fresh attempts (after fixing the cause).",
        discussion: "Without options, every dead chunk is retried."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Only the dead chunks of this backfill.")
    var backfill: String?

    @Option(help: "Only this chunk.")
    var chunk: String?

    func validate() throws {
        guard backfill == nil || chunk == nil else { throw ValidationError("Pass --backfill or --chunk, not both.") }
    }

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let selection: DeadSelection = chunk.map { .chunk($0) } ?? backfill.map { .backfill($0) } ?? .all
        try await FleetServices.with(settings, logger: logger) { services in
            if let chunk { try await UnknownID.requireDeadChunk(chunk, in: services.store) }
            if let backfill { try await UnknownID.requireBackfill(backfill, in: services.store) }
            let ids: [String]
            if let chunk {
                ids = [chunk]
            } else {
                ids = try await services.store.deadChunkIDs(backfillID: backfill)
            }
            let moved = try await services.queue.retryDead(selection)
            try await services.store.markRetried(ids)
            print("\(moved) dead chunk(s) are back in the queue.")
        }
    }
}
