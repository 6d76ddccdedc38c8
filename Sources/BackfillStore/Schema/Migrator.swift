import Logging
import PQKit

/// Brings a database's schema up to date.
///
/// All pending migrations run in one transaction holding a transaction-scoped advisory lock, keyed by this
/// schema, so several processes may migrate at once: the first applies the migrations, the others wait for it
/// and then find nothing to do. Running it again changes nothing.
public struct Migrator: Sendable {
    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Versions this run applied, ascending.
        public var applied: [Int]
        /// The schema version after the run.
        public var currentVersion: Int
    }

    /// First half of the advisory-lock key ("bf" in ASCII); the second half is a hash of the schema name.
    static let lockNamespace: Int32 = 0x6266

    public let migrations: [Migration]
    private let logger: Logger

    public init(migrations: [Migration] = SchemaMigrations.all, logger: Logger = Logger(label: "backfill.migrate")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// The highest version this build knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every migration the database has not seen.
    ///
    /// - Throws: ``PostgresError`` from the server, or ``MigrationError`` if the database is ahead of this build.
    public func migrate(_ database: PostgresConnection) async throws -> Report {
        let migrations = self.migrations
        let latest = latestVersion
        let report = try await database.withTransaction { database in
            try database.query(
                "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
                Int(Self.lockNamespace)
            )
            try database.executeScript(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """
            )
            var applied = Set<Int>()
            for row in try database.query("SELECT version FROM schema_migrations").rows {
                applied.insert(try row.decode(Int.self, "version"))
            }
            if let newest = applied.max(), newest > latest {
                throw MigrationError(databaseVersion: newest, knownVersion: latest)
            }
            var report = Report(applied: [], currentVersion: applied.max() ?? 0)
            for migration in migrations where !applied.contains(migration.version) {
                try database.executeScript(migration.script)
                try database.query(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name
                )
                report.applied.append(migration.version)
                report.currentVersion = max(report.currentVersion, migration.version)
            }
            return report
        }
        if report.applied.isEmpty {
            logger.debug("Schema is up to date", metadata: ["version": "\(report.currentVersion)"])
        } else {
            logger.debug(
                "Schema migrated",
                metadata: ["applied": "\(report.applied)", "version": "\(report.currentVersion)"]
            )
        }
        return report
    }
}

/// The database's schema is newer than this build; running old code against it could corrupt data.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let databaseVersion: Int
    public let knownVersion: Int

    public var description: String {
        "The database schema is at version \(databaseVersion), newer than this build knows (\(knownVersion)); "
            + "upgrade backfill before running it against this database."
    }
}
