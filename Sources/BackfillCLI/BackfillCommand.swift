import ArgumentParser
import CommandCore
import Foundation

@main
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Download years of historical market data from Interactive Brokers into PostgreSQL.",
        discussion: """
            Settings come from flags, then the environment, then a .env file in the working directory:
            REDIS_URL, DATABASE_URL, IBKR_HOST, IBKR_PORT, IBKR_CLIENT_ID_POOL.
            """,
        subcommands: [
            MigrateCommand.self, ConfigCommand.self, PlanCommand.self, EnqueueCommand.self, WorkerCommand.self,
            StatusCommand.self,
            RetryCommand.self, DeadCommand.self,
            ResumeCommand.self, ExportCommand.self, FollowCommand.self, SchedulerCommand.self, GapsCommand.self,
            DashboardCommand.self,
            CancelCommand.self, ConnectCommand.self, FetchCommand.self, SimCommand.self, HealthcheckCommand.self,
        ]
    )

    /// Runs the chosen subcommand. Bad input (unknown flags, invalid values) exits with status 2 and one sentence,
    /// as DESIGN.md (Command line) asks, rather than ArgumentParser's 64 and a usage dump.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                let sentence = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid input"
                CommandFailure.print(sentence)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
