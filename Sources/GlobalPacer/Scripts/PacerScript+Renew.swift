import RedisKit

extension PacerScript {
    /// Extends a permit's open-request lease, unless it has already run out.
    ///
    /// A lease that ran out may already count as a free slot that another worker took, so it is never revived:
    /// the holder learns it lost the slot (and should finish quickly or cancel).
    ///
    /// KEYS: open, clock.
    /// ARGV: token, lease ms.
    /// Returns the new deadline, or nil when the permit no longer holds a slot.
    static let renew = make(
        "renew",
        #"""
        local k_open = KEYS[1]
        local token, lease = ARGV[1], tonumber(ARGV[2])
        local now = now_ms()
        redis.call('ZREMRANGEBYSCORE', k_open, '-inf', int_text(now))
        if not redis.call('ZSCORE', k_open, token) then return nil end
        local deadline = now + lease
        redis.call('ZADD', k_open, int_text(deadline), token)
        expire_open(k_open, now)
        return int_text(deadline)
        """#
    )
}
