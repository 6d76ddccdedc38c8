import RedisKit

extension PacerScript {
    /// Halves the adaptive large-bar limit (not below the floor), unless it was halved within the hold-off.
    ///
    /// KEYS: adaptive, clock.
    /// ARGV: configured limit, floor, recovery per ms, hold-off ms.
    /// Returns {limit now (decimal text), changed (1 or 0)}.
    static let slowdown = make(
        "slowdown",
        #"""
        local k_adaptive = KEYS[1]
        local configured, floor = tonumber(ARGV[1]), tonumber(ARGV[2])
        local recovery_per_ms, holdoff = tonumber(ARGV[3]), tonumber(ARGV[4])
        local now = now_ms()
        local rate = large_bar_rate(k_adaptive, now, configured, floor, recovery_per_ms)
        local cut = tonumber(redis.call('HGET', k_adaptive, 'cut') or '-1')
        if cut >= 0 and now - cut < holdoff then return { tostring(rate), 0 } end
        rate = math.max(floor, rate / 2)
        redis.call('HSET', k_adaptive, 'cut', int_text(now))
        store_rate(k_adaptive, now, rate, configured, recovery_per_ms, holdoff)
        return { tostring(rate), 1 }
        """#
    )

    /// Raises the adaptive large-bar limit by one success's worth (not above the configured limit).
    ///
    /// KEYS: adaptive, clock.
    /// ARGV: configured limit, floor, recovery per ms, increase, hold-off ms.
    /// Returns the limit now (decimal text).
    static let success = make(
        "success",
        #"""
        local k_adaptive = KEYS[1]
        local configured, floor = tonumber(ARGV[1]), tonumber(ARGV[2])
        local recovery_per_ms, increase, holdoff = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local now = now_ms()
        if redis.call('EXISTS', k_adaptive) == 0 then return tostring(configured) end
        local rate = large_bar_rate(k_adaptive, now, configured, floor, recovery_per_ms)
        rate = math.min(configured, rate + increase)
        -- Keep the last halving's time for the rest of its hold-off.
        local cut = tonumber(redis.call('HGET', k_adaptive, 'cut') or '-1')
        local keep = 0
        if cut >= 0 then keep = math.max(0, cut + holdoff - now) end
        if keep == 0 then redis.call('HDEL', k_adaptive, 'cut') end
        store_rate(k_adaptive, now, rate, configured, recovery_per_ms, keep)
        return tostring(rate)
        """#
    )
}
