/// A Lua script run with `EVALSHA`.
///
/// A ``RedisConnection`` loads each script once (`SCRIPT LOAD`), remembers its SHA and runs it by SHA from then
/// on; if Redis forgot it (`SCRIPT FLUSH`, a restart, a failover) the `NOSCRIPT` reply is answered by loading it
/// again and retrying, so callers never see it.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// A short name for logs.
    public let name: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}
