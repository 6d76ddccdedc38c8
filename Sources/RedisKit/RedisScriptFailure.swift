/// An error a caller of Lua scripts throws for everything that can go wrong running one.
///
/// ``RedisConnection/run(_:keys:arguments:failingAs:)`` and ``RedisScriptReply`` build it, so a component that
/// keeps its state in Redis (the work queue, the pacer, the client-id pool) reports Redis failures and malformed
/// replies in its own error type without writing the conversion again.
public protocol RedisScriptFailure: Error {
    /// Wraps a Redis failure while running `script` (or another operation named for logs).
    init(redis error: RedisError, during script: String)

    /// A reply that does not have the shape its reader expects; `message` names the script.
    init(unexpectedReply message: String)
}
