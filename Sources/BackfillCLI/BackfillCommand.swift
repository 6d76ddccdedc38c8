import ArgumentParser
import CommandCore

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

    /// `backfill worker` becomes `backfill-worker` when that executable sits beside this one (see
    /// ``WorkerHandoff``); everything else runs here.
    static func main() async {
        WorkerHandoff.execIfInstalled(arguments: CommandLine.arguments)
        await CommandMain.run(Self.self)
    }
}
