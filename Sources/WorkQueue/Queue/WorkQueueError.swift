import RedisKit

/// Every error the work queue throws.
///
/// `description` is safe to log: it holds no credentials (Redis errors are already redacted by RedisKit).
public struct WorkQueueError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
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

        /// The queue's configuration cannot be used (a bad prefix or tag, a non-positive lease…).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An argument is out of range (a priority, a lease, a jitter value…); nothing was sent.
        public static let invalidArgument = Code(.invalidArgument)
        /// Redis failed; ``WorkQueueError/redisError`` says how. After a connection loss the operation may or may
        /// not have happened; every operation is safe to repeat or to leave to the reaper.
        public static let redis = Code(.redis)
        /// A script answered something this version does not understand (a record written by a newer version?).
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
        self.init(.redis, "Work queue \(operation) failed: \(error.message)", underlying: error, file: file, line: line)
    }

    /// The Redis failure behind a `.redis` error.
    public var redisError: RedisError? { underlying as? RedisError }

    public var description: String { message }

    public var debugDescription: String {
        let cause = underlying.map { String(reflecting: $0) } ?? "nil"
        return "WorkQueueError(code: \(code), message: \(message), underlying: \(cause), at: \(file):\(line))"
    }
}
