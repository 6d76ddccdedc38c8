import BackfillStore
import Foundation
import PQKit

/// A throwaway PostgreSQL schema, migrated, with the URL that makes it the `search_path` of every connection.
///
/// Create with ``create(named:databaseURL:)`` and call ``drop()`` when done; nothing else removes it.
struct BenchSchema: Sendable {
    let name: String
    /// `DATABASE_URL` with `options=-csearch_path=<name>`: every connection made from it works in this schema.
    let url: String
    let configuration: PostgresConfiguration
    private let admin: PostgresConfiguration

    private init(name: String, url: String, admin: PostgresConfiguration) throws {
        (self.name, self.url, self.admin) = (name, url, admin)
        configuration = try PostgresConfiguration(url: url)
    }

    /// Creates the schema and runs every migration in it.
    static func create(named name: String, databaseURL: String) async throws -> BenchSchema {
        let admin = try PostgresConfiguration(url: databaseURL)
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "CREATE SCHEMA {}", identifier: name))
        }
        let separator = databaseURL.contains("?") ? "&" : "?"
        let schema = try BenchSchema(
            name: name,
            url: databaseURL + separator + "options=-csearch_path%3D" + name,
            admin: admin
        )
        try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
            _ = try await Migrator().migrate(database)
        }
        return schema
    }

    /// A new connection working in this schema; the caller closes it.
    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: configuration)
    }

    func drop() async throws {
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: name))
        }
    }
}
