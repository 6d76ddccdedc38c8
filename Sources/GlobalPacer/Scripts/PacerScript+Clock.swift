import RedisKit

extension PacerScript {
    /// Holds the fleet's clock back after a worker saw Redis's clock step forward: the `clock` key becomes at least
    /// the offset asked for, never less, so workers that saw the same step and report it each do not add up.
    ///
    /// KEYS: clock. ARGV: the offset (ms) the clock must at least be held back by.
    /// Returns the offset now in force.
    static let holdBack = make(
        "holdback",
        #"""
        local k_clock = KEYS[1]
        local wanted = tonumber(ARGV[1])
        local current = tonumber(redis.call('GET', k_clock) or '0')
        if wanted > current then
          redis.call('SET', k_clock, int_text(wanted))
          current = wanted
        end
        return int_text(current)
        """#
    )
}
