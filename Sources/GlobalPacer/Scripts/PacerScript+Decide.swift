import RedisKit

extension PacerScript {
    /// Judges one request against every rule that applies and, if all pass, records it everywhere.
    ///
    /// Every rule is evaluated (trimming its window) even after one has blocked, so the wait answered is the
    /// longest of the blocking rules' waits: sleeping less could not help. Nothing is recorded on a wait. A go is
    /// recorded at the permit's send deadline (now + send deadline ms), the latest its request may be written,
    /// until ``sent`` moves it to the real send time.
    ///
    /// KEYS: rolling, per-contract, identical, open, messages, cooldown, large-bar, adaptive, clock.
    /// ARGV: token, weight, rules (`,rule,rule,`), identity, rolling window ms, rolling limit, per-contract window
    /// ms, per-contract limit, identical window ms, max open, lease ms, open poll ms, message window ms, message
    /// limit, large-bar window ms, large-bar limit, large-bar floor, recovery per ms, send deadline ms, clock
    /// ceiling ms (-1 for none).
    /// Returns {1, now, lease deadline, recorded rules (`,rule,…,`), send deadline, clock offset} or
    /// {0, rule, wait ms, now, clock offset}: the offset lets the worker check the clock (``FleetClockWatch``).
    ///
    /// The clock ceiling is the latest the fleet's clock can read now unless Redis's clock stepped forward (as the
    /// worker's ``FleetClockWatch`` bounds it, plus an allowance for the call's delay). Past it, the script judges
    /// nothing and trims nothing, since trimming on a stepped clock would drop entries IB still counts, and returns
    /// {2, now, clock offset} for the worker to tell a step from a slow call.
    static let decide = make(
        "decide",
        #"""
        local k_rolling, k_contract, k_identical, k_open, k_messages, k_cooldown, k_large, k_adaptive =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
        local token, weight, rules, identity = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
        local rolling_window, rolling_limit = tonumber(ARGV[5]), tonumber(ARGV[6])
        local contract_window, contract_limit = tonumber(ARGV[7]), tonumber(ARGV[8])
        local identical_window = tonumber(ARGV[9])
        local max_open, lease, open_poll = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
        local message_window, message_limit = tonumber(ARGV[13]), tonumber(ARGV[14])
        local large_window, large_limit = tonumber(ARGV[15]), tonumber(ARGV[16])
        local large_floor, recovery_per_ms = tonumber(ARGV[17]), tonumber(ARGV[18])
        local send_deadline, clock_ceiling = tonumber(ARGV[19]), tonumber(ARGV[20])

        local now = now_ms()
        if clock_ceiling >= 0 and now > clock_ceiling then return { 2, int_text(now), int_text(clock_offset) } end
        local function applies(rule) return string.find(rules, ',' .. rule .. ',', 1, true) ~= nil end

        local blocked, longest = nil, 0
        local function block(rule, wait)
          if wait > longest then blocked, longest = rule, wait end
        end

        -- Cooldown after a reported violation: binds every request.
        local until_ms = tonumber(redis.call('HGET', k_cooldown, 'until') or '0')
        if until_ms > now then block('cooldown', until_ms - now) end

        -- Open requests: expired leases free their slots here.
        redis.call('ZREMRANGEBYSCORE', k_open, '-inf', int_text(now))
        if redis.call('ZCARD', k_open) >= max_open then
          local first = redis.call('ZRANGE', k_open, 0, 0, 'WITHSCORES')
          block('openRequests', math.max(1, math.min(open_poll, tonumber(first[2]) - now)))
        end

        if applies('rolling60') then
          trim(k_rolling, now, rolling_window)
          block('rolling60', window_wait(k_rolling, now, rolling_window, rolling_limit, weight))
        end
        if applies('perContract') then
          trim(k_contract, now, contract_window)
          block('perContract', window_wait(k_contract, now, contract_window, contract_limit, weight))
        end
        if applies('identical') then
          trim(k_identical, now, identical_window)
          local last = redis.call('ZSCORE', k_identical, identity)
          if last then
            block('identical', math.min(identical_window, math.max(1, tonumber(last) + identical_window - now)))
          end
        end
        if applies('messageRate') then
          trim(k_messages, now, message_window)
          block('messageRate', window_wait(k_messages, now, message_window, message_limit, 1))
        end
        if applies('largeBarRate') then
          trim(k_large, now, large_window)
          local limit = math.floor(large_bar_rate(k_adaptive, now, large_limit, large_floor, recovery_per_ms))
          block('largeBarRate', window_wait(k_large, now, large_window, limit, weight))
        end

        if blocked then return { 0, blocked, int_text(longest), int_text(now), int_text(clock_offset) } end

        local recorded = ',openRequests,'
        local deadline = now + lease
        local at = now + send_deadline
        redis.call('ZADD', k_open, int_text(deadline), token)
        expire_open(k_open, now)
        if applies('rolling60') then
          window_add(k_rolling, now, rolling_window, token, weight, at)
          recorded = recorded .. 'rolling60,'
        end
        if applies('perContract') then
          window_add(k_contract, now, contract_window, token, weight, at)
          recorded = recorded .. 'perContract,'
        end
        if applies('identical') then
          redis.call('ZADD', k_identical, int_text(at), identity)
          keep_alive(k_identical, at - now + identical_window)
          recorded = recorded .. 'identical,'
        end
        if applies('messageRate') then
          window_add(k_messages, now, message_window, token, 1, at)
          recorded = recorded .. 'messageRate,'
        end
        if applies('largeBarRate') then
          window_add(k_large, now, large_window, token, weight, at)
          recorded = recorded .. 'largeBarRate,'
        end
        return { 1, int_text(now), int_text(deadline), recorded, int_text(at), int_text(clock_offset) }
        """#
    )
}
