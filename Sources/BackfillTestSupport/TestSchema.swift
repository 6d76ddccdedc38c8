import Foundation
import PQKit

/// A throwaway schema in the shared test database, so tests never see each other's tables.
///
/// Connections made from ``configuration`` have `search_path` set to the schema, so unqualified names (and the
/// migrator) land in it. Call ``drop()`` when done.
public struct TestSchema: Sendable {
    public let name: String
    /// The database URL with `search_path` pointing at this schema.
    public let url: String
    public let configuration: PostgresConfiguration
    private let admin: PostgresConfiguration

    /// Creates a new, empty schema named `test_<random>`.
    public static func create() async throws -> TestSchema {
        let base = try TestServers.databaseURL()
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresConfiguration(url: base)
        _ = try await PostgresConnection.withConnection(configuration: admin) { connection in
            try await connection.query(PostgresQuery(identifierStatement: "CREATE SCHEMA {}", identifier: name))
        }
        let separator = base.contains("?") ? "&" : "?"
        let url = base + separator + "options=-csearch_path%3D" + name
        return TestSchema(name: name, url: url, configuration: try PostgresConfiguration(url: url), admin: admin)
    }

    /// Drops the schema and everything in it.
    public func drop() async throws {
        _ = try await PostgresConnection.withConnection(configuration: admin) { connection in
            try await connection.query(PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: name))
        }
    }

    /// Runs `body` with a fresh schema and drops it afterwards, whether `body` throws or not.
    public static func with<Result: Sendable>(_ body: (TestSchema) async throws -> Result) async throws -> Result {
        let schema = try await create()
        do {
            let result = try await body(schema)
            try await schema.drop()
            return result
        } catch {
            try? await schema.drop()
            throw error
        }
    }
}
