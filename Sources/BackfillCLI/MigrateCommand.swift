import ArgumentParser
import BackfillStore
import CommandCore
import PQKit

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the PostgreSQL schema (safe to run again, and from several processes at once)."
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        do {
            let report = try await PostgresConnection.withConnection(
                configuration: settings.database,
                logger: logger
            ) { database in
                try await Migrator(logger: logger).migrate(database)
            }
            if report.applied.isEmpty {
                print("Schema is up to date at version \(report.currentVersion).")
            } else {
                let versions = report.applied.map(String.init).joined(separator: ", ")
                print("Applied migration(s) \(versions); schema is at version \(report.currentVersion).")
            }
        } catch let error as PostgresError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        } catch let error as MigrationError {
            CommandFailure.print(error.description)
            throw ExitCode.failure
        }
    }
}
