/// Every error RedisKit throws.
///
/// `description` is safe to log: it never contains a password (connection errors name the endpoint, not the
/// URL). Server errors keep Redis's own prefix (`ERR`, `WRONGTYPE`, `NOSCRIPT`, …) in ``serverPrefix`` so callers
/// can match on it without parsing text.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration
            case connectionFailed
            case connectionLost
            case server
            case unexpectedReply
            case closed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The URL or another setting cannot be used; nothing was attempted.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Connecting, authenticating or selecting the database failed.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke (I/O error, timeout, server gone). The command may or may not have run.
        public static let connectionLost = Code(.connectionLost)
        /// Redis answered with an error reply; the connection is still good.
        public static let server = Code(.server)
        /// Redis answered with a reply of a type the caller did not expect.
        public static let unexpectedReply = Code(.unexpectedReply)
        /// The connection was closed by its owner.
        public static let closed = Code(.closed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// A sentence fit for logs and users.
    public var message: String
    /// The first word of a Redis error reply, e.g. `NOSCRIPT`; nil for errors that did not come from the server.
    public var serverPrefix: String?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, serverPrefix: String? = nil, file: String = #fileID, line: Int = #line)
    {
        self.code = code
        self.message = message
        self.serverPrefix = serverPrefix
        self.file = file
        self.line = line
    }

    /// An error reply from the server, split into its prefix and text.
    static func server(_ text: String, file: String = #fileID, line: Int = #line) -> RedisError {
        let prefix = text.split(separator: " ", maxSplits: 1).first.map(String.init)
        return RedisError(.server, text, serverPrefix: prefix, file: file, line: line)
    }

    /// True when the connection must be dropped and opened again before the next command.
    public var isConnectionFatal: Bool {
        code == .connectionFailed || code == .connectionLost || code == .closed
    }

    public var description: String { message }

    public var debugDescription: String {
        "RedisError(code: \(code), serverPrefix: \(serverPrefix ?? "nil"), message: \(message), at: \(file):\(line))"
    }

    public static func == (lhs: RedisError, rhs: RedisError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.serverPrefix == rhs.serverPrefix
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}
