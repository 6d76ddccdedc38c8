import RedisKit

extension PacerScript {
    /// Moves a permit's entries from its send deadline to now, the moment its request was written to the gateway.
    ///
    /// Called after the write, so "now" is never before the real send and the windows stay on the safe side;
    /// from here on the entries leave the windows when IB's copies do (give or take the network's delay, which
    /// the window margin covers). Entries a window already dropped are written again: the request was sent.
    ///
    /// KEYS: rolling, per-contract, identical, messages, large-bar, clock.
    /// ARGV: token, weight, recorded rules (`,rule,…,`), identity, send deadline (the permit's score), rolling
    /// window ms, per-contract window ms, identical window ms, message window ms, large-bar window ms.
    /// Returns now: the send time the windows now hold.
    static let sent = make(
        "sent",
        #"""
        local k_rolling, k_contract, k_identical, k_messages, k_large = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
        local token, weight, rules, identity = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
        local at = tonumber(ARGV[5])
        local now = now_ms()
        local function recorded(rule) return string.find(rules, ',' .. rule .. ',', 1, true) ~= nil end
        local function move(key, window, units)
          window_add(key, now, window, token, units, now)
          expire_window(key, now, window)
        end
        if recorded('rolling60') then move(k_rolling, tonumber(ARGV[6]), weight) end
        if recorded('perContract') then move(k_contract, tonumber(ARGV[7]), weight) end
        if recorded('identical') then
          -- Only this permit's own entry: a score other than its deadline belongs to a later grant.
          local score = redis.call('ZSCORE', k_identical, identity)
          if not score or tonumber(score) == at then
            redis.call('ZADD', k_identical, int_text(now), identity)
            expire_window(k_identical, now, tonumber(ARGV[8]))
          end
        end
        if recorded('messageRate') then move(k_messages, tonumber(ARGV[9]), 1) end
        if recorded('largeBarRate') then move(k_large, tonumber(ARGV[10]), weight) end
        return int_text(now)
        """#
    )

    /// Takes back a permit whose request was never written: its entries leave every window and its open-request
    /// slot is freed, so a worker that could not send in time costs the fleet nothing.
    ///
    /// KEYS: rolling, per-contract, identical, messages, large-bar, open, clock.
    /// ARGV: token, weight, recorded rules (`,rule,…,`), identity, send deadline (the permit's score).
    /// Returns 1 if the permit still held its open-request slot, else 0.
    static let unsent = make(
        "unsent",
        #"""
        local k_rolling, k_contract, k_identical, k_messages, k_large, k_open =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local token, weight, rules, identity, at = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5])
        local function recorded(rule) return string.find(rules, ',' .. rule .. ',', 1, true) ~= nil end
        if recorded('rolling60') then window_remove(k_rolling, token, weight) end
        if recorded('perContract') then window_remove(k_contract, token, weight) end
        if recorded('identical') and tonumber(redis.call('ZSCORE', k_identical, identity) or '-1') == at then
          redis.call('ZREM', k_identical, identity)
        end
        if recorded('messageRate') then window_remove(k_messages, token, 1) end
        if recorded('largeBarRate') then window_remove(k_large, token, weight) end
        return redis.call('ZREM', k_open, token)
        """#
    )
}
