/// Every error PQKit throws.
///
/// Server errors keep their fields (SQLSTATE, constraint, table, …) as typed properties. ``description`` is safe
/// to log and show: connection errors name the server with the password replaced by `***`, and a password that
/// libpq might echo is scrubbed. ``debugDescription`` adds the server's detail and hint.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration
            case invalidParameter
            case connectionFailed
            case connectionLost
            case server
            case unexpectedResult
            case decoding
            case closed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The URL or another setting cannot be used; nothing was attempted.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A query parameter cannot be sent (e.g. text with a NUL byte); nothing was sent.
        public static let invalidParameter = Code(.invalidParameter)
        /// Connecting or authenticating failed.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke; the statement may or may not have been committed.
        public static let connectionLost = Code(.connectionLost)
        /// The server rejected the statement; see ``PostgresError/sqlState``. The connection is still good.
        public static let server = Code(.server)
        /// The server answered with something the caller did not expect.
        public static let unexpectedResult = Code(.unexpectedResult)
        /// A column could not be read as the requested Swift type.
        public static let decoding = Code(.decoding)
        /// The connection was closed by its owner.
        public static let closed = Code(.closed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// A sentence fit for logs and users.
    public var message: String
    /// The five-character SQLSTATE for server errors, e.g. `23505` for a unique violation.
    public var sqlState: String?
    public var severity: String?
    public var detail: String?
    public var hint: String?
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// True when the connection must be dropped and opened again before the next statement.
    public var isConnectionFatal: Bool {
        code == .connectionFailed || code == .connectionLost || code == .closed
    }

    public var description: String {
        if let sqlState { return "\(message) (SQLSTATE \(sqlState))" }
        return message
    }

    public var debugDescription: String {
        var parts = ["code: \(code)", "message: \(message)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let severity { parts.append("severity: \(severity)") }
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let schemaName { parts.append("schema: \(schemaName)") }
        if let tableName { parts.append("table: \(tableName)") }
        if let columnName { parts.append("column: \(columnName)") }
        if let constraintName { parts.append("constraint: \(constraintName)") }
        parts.append("at: \(file):\(line)")
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }
}

extension PostgresError {
}
