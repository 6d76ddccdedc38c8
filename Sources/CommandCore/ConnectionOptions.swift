import ArgumentParser
import Logging

/// The connection flags every subcommand accepts; each overrides the environment variable of the same meaning.
package struct ConnectionOptions: ParsableArguments {
    package init() {}

    @Option(name: .customLong("redis-url"), help: "Redis URL (overrides REDIS_URL).")
    package var redisURL: String?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (overrides DATABASE_URL).")
    package var databaseURL: String?

    @Option(name: .customLong("ib-host"), help: "IB Gateway host (overrides IBKR_HOST).")
    package var gatewayHost: String?

    @Option(name: .customLong("ib-port"), parsing: .unconditional, help: "IB Gateway port (overrides IBKR_PORT).")
    package var gatewayPort: String?

    @Option(
        name: .customLong("client-id-pool"),
        help: "Client ids to lease, e.g. 1-32 (overrides IBKR_CLIENT_ID_POOL)."
    )
    package var clientIDPool: String?

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (overrides BACKFILL_LOG_LEVEL)."
    )
    package var logLevel: String?

    private var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["REDIS_URL"] = redisURL
        flags["DATABASE_URL"] = databaseURL
        flags["IBKR_HOST"] = gatewayHost
        flags["IBKR_PORT"] = gatewayPort
        flags["IBKR_CLIENT_ID_POOL"] = clientIDPool
        flags["BACKFILL_LOG_LEVEL"] = logLevel
        return flags
    }

    /// Resolves the settings and sets up logging; a bad setting ends the command with status 2 and one sentence.
    package func resolve() throws -> (Settings, Logger) {
        do {
            let sources = try SettingSources.current(flags: flags)
            let levelText = sources.value("BACKFILL_LOG_LEVEL") ?? "info"
            guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
                throw ConfigurationError(
                    setting: "BACKFILL_LOG_LEVEL",
                    "Log level '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical."
                )
            }
            CommandLogging.bootstrap(level: level)
            let settings = try Settings(sources: sources)
            _ = try settings.now()  // a test clock file that does not read fails here, with status 2
            return (settings, Logger(label: "backfill"))
        } catch let error as ConfigurationError {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }
}
