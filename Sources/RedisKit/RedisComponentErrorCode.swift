/// What kind of failure a ``RedisComponentError`` is.
public struct RedisComponentErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable {
        case invalidConfiguration
        case invalidArgument
        case redis
        case unexpectedReply
    }

    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// The configuration cannot be used (a bad prefix or tag, a limit out of range…).
    public static let invalidConfiguration = RedisComponentErrorCode(.invalidConfiguration)
    /// An argument cannot be used (out of range, or another caller's); nothing was sent.
    public static let invalidArgument = RedisComponentErrorCode(.invalidArgument)
    /// Redis failed; ``RedisComponentError/redisError`` says how. After a connection loss the operation may
    /// or may not have happened; the component's documentation says what that leaves behind.
    public static let redis = RedisComponentErrorCode(.redis)
    /// A script answered something this version does not understand (written by a newer version?).
    public static let unexpectedReply = RedisComponentErrorCode(.unexpectedReply)

    public var description: String { base.rawValue }
}
