/// Every error a ``RedisComponent`` throws: one shape for the work queue's and the pacer's errors, told apart by
/// the component type (`WorkQueueError` and `PacerError` are aliases of this with their component).
///
/// `description` is safe to log: it holds no credentials (Redis errors are already redacted by RedisKit).
public struct RedisComponentError<Component: RedisComponent>: RedisScriptFailure, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// What kind of failure this is; one set of codes for every component.
    public typealias Code = RedisComponentErrorCode

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
    public init(redis error: RedisError, during operation: String) {
        self.init(.redis, "\(Component.failureSubject) \(operation) failed: \(error.message)", underlying: error)
    }

    public init(unexpectedReply message: String) {
        self.init(.unexpectedReply, message)
    }

    /// The Redis failure behind a `.redis` error.
    public var redisError: RedisError? { underlying as? RedisError }

    public var description: String { message }

    public var debugDescription: String {
        let cause = underlying.map { String(reflecting: $0) } ?? "nil"
        let fields = "code: \(code), message: \(message), underlying: \(cause), at: \(file):\(line)"
        return "\(Component.errorTypeName)(\(fields))"
    }
}
