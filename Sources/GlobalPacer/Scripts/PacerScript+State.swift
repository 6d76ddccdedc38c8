import RedisKit

extension PacerScript {
    /// Reads one gateway's state without writing anything.
    ///
    /// KEYS: rolling, identical, open, messages, cooldown, large-bar, adaptive, clock.
    /// ARGV: rolling window ms, identical window ms, message window ms, large-bar window ms, large-bar limit,
    /// large-bar floor, recovery per ms.
    /// Returns {now, rolling, identical, open, messages, cooldown ms, cooldown level, large-bar, rate (text), clock
    /// offset ms}.
    static let state = make(
        "state",
        #"""
        local k_rolling, k_identical, k_open, k_messages, k_cooldown, k_large, k_adaptive =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
        local now = now_ms()
        local h = redis.call('HMGET', k_cooldown, 'until', 'level')
        local cooling = math.max(0, tonumber(h[1] or '0') - now)
        local level = tonumber(h[2] or '0')
        local rate = large_bar_rate(k_adaptive, now, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
        return {
          int_text(now),
          window_count(k_rolling, now, tonumber(ARGV[1])),
          window_count(k_identical, now, tonumber(ARGV[2])),
          redis.call('ZCOUNT', k_open, '(' .. int_text(now), '+inf'),
          window_count(k_messages, now, tonumber(ARGV[3])),
          int_text(cooling),
          level,
          window_count(k_large, now, tonumber(ARGV[4])),
          tostring(rate),
          int_text(clock_offset)
        }
        """#
    )
}
