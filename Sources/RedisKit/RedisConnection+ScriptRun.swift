extension RedisConnection {
    /// Runs a Lua script (by SHA, loading it again after `NOSCRIPT`, as ``evaluate(_:keys:arguments:)`` does) and
    /// hands back its reply for typed reading; every failure arrives as the caller's `Failure`.
    ///
    /// This is the one path the work queue, the pacer and the client-id pool take to their scripts, so a Redis
    /// failure is wrapped, and a malformed reply reported, the same way in all of them.
    package func run<Failure: RedisScriptFailure>(
        _ script: RedisScript,
        keys: [String],
        arguments: [any RedisArgument],
        failingAs failure: Failure.Type
    ) throws(Failure) -> RedisScriptReply<Failure> {
        do {
            return RedisScriptReply(try evaluate(script, keys: keys, arguments: arguments), script: script.name)
        } catch {
            throw Failure(redis: error, during: script.name)
        }
    }
}
