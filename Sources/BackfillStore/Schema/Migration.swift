import PQKit

/// One step of the schema, applied once and recorded in `schema_migrations`.
///
/// Versions only ever grow; a released migration is never edited, only followed by a new one.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// A fixed DDL script; it runs inside the migrator's transaction.
    public let script: PostgresQuery

    public init(version: Int, name: String, script: PostgresQuery) {
        self.version = version
        self.name = name
        self.script = script
    }
}
