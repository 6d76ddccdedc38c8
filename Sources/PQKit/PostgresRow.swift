/// One row of a result, copied out of libpq's memory, with its values in text format.
public struct PostgresRow: Sendable {
    /// Column names in order, shared by all rows of a result.
    public let columns: PostgresColumns
    /// One entry per column; nil is SQL NULL.
    public let values: [String?]

    /// The raw text of a column, or nil for NULL.
    ///
    /// - Throws: `.decoding` if there is no such column.
    public func text(_ column: String) throws(PostgresError) -> String? {
        values[try columns.index(of: column)]
    }

    /// Reads a non-NULL column as `type`.
    ///
    /// - Throws: `.decoding` if the column is missing, NULL, or not a `type`.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, _ column: String) throws(PostgresError) -> Value {
        guard let value = try decode(Optional<Value>.self, column) else {
            throw PostgresError(.decoding, "Column \(column) is NULL; expected \(Value.self).")
        }
        return value
    }

    /// Reads a column that may be NULL as `type`.
    ///
    /// - Throws: `.decoding` if the column is missing or its text is not a `type`.
    public func decode<Value: PostgresDecodable>(
        _ type: Value?.Type,
        _ column: String
    ) throws(PostgresError) -> Value? {
        guard let text = try text(column) else { return nil }
        guard let value = Value(postgresText: text) else {
            throw PostgresError(.decoding, "Column \(column) holds '\(text.prefix(64))', which is not a \(Value.self).")
        }
        return value
    }
}

/// The column names of a result and a name → index map.
public final class PostgresColumns: Sendable {
    public let names: [String]
    private let indexByName: [String: Int]

    init(names: [String]) {
        self.names = names
        // The first of duplicate names wins, as in most drivers.
        self.indexByName = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func index(of name: String) throws(PostgresError) -> Int {
        guard let index = indexByName[name] else {
            throw PostgresError(.decoding, "No column named \(name); the result has \(names.joined(separator: ", ")).")
        }
        return index
    }
}
