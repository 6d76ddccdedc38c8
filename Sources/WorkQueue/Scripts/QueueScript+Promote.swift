import RedisKit

extension QueueScript {
    /// Moves delayed chunks whose due time has passed to the back of their priority in the ready zset.
    ///
    /// KEYS: records, delayed, ready, backlog, sequence. ARGV: limit.
    /// Returns the promoted chunk ids.
    static let promote = make(
        "promote",
        #"""
        return promote_due(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], now_ms(), tonumber(ARGV[1]))
        """#
    )
}
