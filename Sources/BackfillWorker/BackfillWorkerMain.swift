import ArgumentParser
import CommandCore

/// `backfill-worker`: the `backfill worker` command as an executable of its own.
///
/// `backfill` links Foundation (for the dashboard, exports and the simulator) and with it ICU; a worker needs neither.
/// Every worker of a fleet is its own process, so this one loads only what working chunks takes: about a quarter less
/// resident memory each. Flags, settings, logs and exit codes are those of `backfill worker`.
@main
struct BackfillWorkerMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill-worker",
        abstract: WorkerCommand.configuration.abstract,
        discussion: WorkerCommand.configuration.discussion
    )

    @OptionGroup var worker: WorkerCommand

    static func main() async {
        await CommandMain.run(Self.self)
    }

    func run() async throws {
        try await worker.run()
    }
}
