import RedisKit

extension PacerScript {
    /// Starts or escalates the gateway's cooldown after IB reported a pacing violation.
    ///
    /// During a cooldown a report only confirms it: the violating requests were sent before it began, and
    /// several workers may report the same incident. After the cooldown, a violation within the reset window of
    /// the previous one doubles the cooldown (capped); after a quiet reset window it starts again at the base.
    ///
    /// KEYS: cooldown, clock.
    /// ARGV: base ms, cap ms, reset window ms.
    /// Returns {remaining ms, level, escalated (1 or 0)}.
    static let violation = make(
        "violation",
        #"""
        local k_cooldown = KEYS[1]
        local base, cap, reset = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local now = now_ms()
        local h = redis.call('HMGET', k_cooldown, 'until', 'level', 'last')
        local until_ms, level, last = tonumber(h[1] or '0'), tonumber(h[2] or '-1'), tonumber(h[3])
        if until_ms > now then
          return { int_text(until_ms - now), level, 0 }
        end
        if last and now - last <= reset then level = level + 1 else level = 0 end
        local duration = math.min(cap, base * math.pow(2, math.min(level, 62)))
        until_ms = now + duration
        redis.call('HSET', k_cooldown, 'until', int_text(until_ms), 'level', level, 'last', int_text(now))
        redis.call('PEXPIRE', k_cooldown, int_text(duration + reset))
        return { int_text(duration), level, 1 }
        """#
    )
}
