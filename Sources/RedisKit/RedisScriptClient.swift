/// A value that changes its Redis state only through Lua scripts on one connection, reporting every failure as
/// its own error type (the work queue, the pacer, the client-id pool).
///
/// Conforming gives it ``run(_:keys:arguments:)``, so none of them wraps the connection's errors by hand.
package protocol RedisScriptClient: Sendable {
    /// The error every script call throws.
    associatedtype Failure: RedisScriptFailure
    /// The connection the scripts run on.
    var connection: RedisConnection { get }
}

extension RedisScriptClient {
    /// Runs one of this client's scripts on its connection.
    package func run(
        _ script: RedisScript,
        keys: [String],
        arguments: [any RedisArgument]
    ) async throws(Failure) -> RedisScriptReply<Failure> {
        try await connection.run(script, keys: keys, arguments: arguments, failingAs: Failure.self)
    }
}
