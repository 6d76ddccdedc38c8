import ArgumentParser
import CommandCore
import WorkQueue

struct DeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead",
        abstract: "The dead-letter queue: chunks that failed for good, with IB's error codes and texts.",
        subcommands: [List.self, Show.self, Purge.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead chunks, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(parsing: .unconditional, help: "How many to skip.") var offset = 0
        @Option(parsing: .unconditional, help: "How many to show.") var count = 50

        func validate() throws {
            guard offset >= 0, count >= 1 else {
                throw ValidationError("--offset must be 0 or more and --count 1 or more.")
            }
        }

        func run() async throws {
            let (settings, logger) = try connection.resolve()
            try await FleetServices.with(settings, logger: logger) { services in
                let page = try await services.queue.listDead(offset: offset, count: max(1, count))
                print("\(page.total) dead chunk(s)")
                for dead in page.chunks {
                    print(
                        "\(dead.id)  backfill \(dead.record.backfillID)  attempts \(dead.record.attempts)  \(DeadCommand.describe(dead.record.lastError))"
                    )
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one dead chunk: its request and its error.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The chunk id.") var chunkID: String

        func run() async throws {
            let (settings, logger) = try connection.resolve()
            try await FleetServices.with(settings, logger: logger) { services in
                guard let record = try await services.queue.record(of: chunkID) else {
                    CommandFailure.print("No chunk \(chunkID) in the queue.")
                    throw ExitCode.failure
                }
                print(
                    "chunk \(chunkID): \(record.state) in backfill \(record.backfillID), \(record.attempts) attempt(s)"
                )
                print("error: \(DeadCommand.describe(record.lastError))")
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget dead chunks (their record stays in PostgreSQL)."
        )
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only the dead chunks of this backfill.") var backfill: String?

        func run() async throws {
            let (settings, logger) = try connection.resolve()
            try await FleetServices.with(settings, logger: logger) { services in
                let removed = try await services.queue.purgeDead(backfill.map { .backfill($0) } ?? .all)
                print("Purged \(removed) dead chunk(s) from the queue.")
            }
        }
    }

    static func describe(_ error: ChunkError?) -> String {
        guard let error else { return "(no error recorded)" }
        return "\(error)"
    }
}
