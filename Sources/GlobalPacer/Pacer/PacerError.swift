import RedisKit

/// Every error the pacer throws.
///
/// `description` is safe to log: it holds no credentials (Redis errors are already redacted by RedisKit).
public struct PacerError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration
            case invalidArgument
            case redis
            case unexpectedReply
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configuration cannot be used (a bad scale, limit, prefix or tag…).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An argument cannot be used (a `|` in an exchange, a permit of another gateway…); nothing was sent.
        public static let invalidArgument = Code(.invalidArgument)
        /// Redis failed; ``PacerError/redisError`` says how. After a connection loss a `go` may have been
        /// recorded without reaching the caller: its open-request slot frees itself when the lease runs out.
        public static let redis = Code(.redis)
        /// A script answered something this version does not understand.
        public static let unexpectedReply = Code(.unexpectedReply)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// A sentence fit for logs and users.
    public var message: String
    /// The cause, when there is one (a ``RedisError`` for `.redis`).
    public var underlying: (any Error)?
    public var file: String
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Wraps a Redis failure.
    init(redis error: RedisError, during operation: String, file: String = #fileID, line: Int = #line) {
        self.init(.redis, "Pacer \(operation) failed: \(error.message)", underlying: error, file: file, line: line)
    }

    /// The Redis failure behind a `.redis` error.
    public var redisError: RedisError? { underlying as? RedisError }

    public var description: String { message }

    public var debugDescription: String {
        let cause = underlying.map { String(reflecting: $0) } ?? "nil"
        return "PacerError(code: \(code), message: \(message), underlying: \(cause), at: \(file):\(line))"
    }
}
