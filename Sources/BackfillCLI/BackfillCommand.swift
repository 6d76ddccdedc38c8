import ArgumentParser

@main
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Download years of historical market data from Interactive Brokers into PostgreSQL.",
        discussion: """
            Settings come from flags, then the environment, then a .env file in the working directory:
            REDIS_URL, DATABASE_URL, IBKR_HOST, IBKR_PORT, IBKR_CLIENT_ID_POOL.
            """,
        subcommands: [MigrateCommand.self, ConfigCommand.self, ConnectCommand.self, FetchCommand.self, SimCommand.self]
    )
}
