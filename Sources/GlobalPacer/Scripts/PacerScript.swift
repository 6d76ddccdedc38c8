import RedisKit

/// The pacer's Lua scripts, one per operation, each in a file of its own (`PacerScript+Decide.swift`, …).
///
/// ``decide`` is the heart: it judges a request against every rule and, when the answer is go, records it in
/// every window in the same atomic step, so two workers can never both take the last slot. Time comes from the
/// server's `TIME`, never from the caller, so workers with skewed clocks agree on every window; it is held back by
/// the forward steps of that clock that workers have noticed (``PacerKeys/clock``, passed last to every script, and
/// ``holdBack``). Every key arrives in `KEYS` (all sharing the deployment's hash tag, see ``PacerKeys``), so the
/// scripts run on Redis Cluster.
///
/// Windows are zsets scored by milliseconds, one member per weighted unit (`<token>#<i>`, unique per permit).
/// An entry at `t` is inside a window `w` at `now` while `now - t < w`, the simulator's boundary too. Every
/// touching call trims expired entries, and every write sets `PEXPIRE` to when the newest entry leaves, so an
/// idle gateway leaves nothing behind.
///
/// IB counts a request when it arrives, not when the pacer allowed it, so a granted permit's entries are scored at
/// its send deadline (``PacerConfiguration/sendDeadline`` after the grant: the latest its request may be written)
/// until ``sent`` moves them to the moment it was written; ``unsent`` removes them for a request that never left.
/// A worker delayed between permit and send therefore can never make the gateway see more than the limit.
///
/// Redis runs each script in a fresh environment, so the helpers below are prepended to each script (``prelude``).
enum PacerScript {
    /// Builds a script from the shared helpers and its body.
    static func make(_ name: String, _ body: String) -> RedisScript {
        RedisScript(name: "pacer.\(name)", source: prelude + body)
    }

    /// Lua helpers shared by the scripts.
    static let prelude = #"""
        -- The fleet's clock, in ms: Redis's TIME held back by the `clock` key, the forward steps of Redis's clock
        -- that workers have seen (FleetClockWatch). Every pacer script passes that key last. `clock_offset` keeps
        -- what was read, for replies that report it.
        local clock_offset = 0
        local function now_ms()
          local k_clock = KEYS[#KEYS]
          if string.sub(k_clock or '', -6) ~= ':clock' then error('pacer: the clock key must be the last key') end
          clock_offset = tonumber(redis.call('GET', k_clock) or '0')
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - clock_offset
        end

        -- Lua prints numbers with 14 significant digits; print whole milliseconds in full.
        local function int_text(n)
          return string.format('%.0f', n)
        end

        -- Drops the entries that have left a window of `window` ms: those at or before now - window.
        local function trim(key, now, window)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', int_text(now - window))
        end

        -- How long until `weight` more units fit under `limit` in a trimmed window: 0 if they fit now, else the
        -- time until the entry whose leaving makes room leaves. A request heavier than the limit goes alone. An entry
        -- scored after now is a permit not yet marked sent: it may be sent at any moment and then stays a whole
        -- window, so the answer is capped at the window (the earliest it could leave) and asked again then.
        local function window_wait(key, now, window, limit, weight)
          local excess = redis.call('ZCARD', key) + weight - math.max(limit, weight)
          if excess <= 0 then return 0 end
          local entry = redis.call('ZRANGE', key, excess - 1, excess - 1, 'WITHSCORES')
          -- Clamped in case the server's clock stepped back since the entry was written.
          return math.min(window, math.max(1, tonumber(entry[2]) + window - now))
        end

        -- Makes a key live at least `ttl` ms more (never shortens it): a window key must outlive its newest entry.
        local function keep_alive(key, ttl)
          local left = redis.call('PTTL', key)
          if left < 0 or left < ttl then redis.call('PEXPIRE', key, int_text(math.max(1, ttl))) end
        end

        -- Records `weight` units of a permit scored `at` (its send deadline until it is marked sent); the key lives
        -- until that entry has left the window.
        local function window_add(key, now, window, token, weight, at)
          local args = {}
          for i = 1, weight do
            args[#args + 1] = int_text(at)
            args[#args + 1] = token .. '#' .. i
          end
          redis.call('ZADD', key, unpack(args))
          keep_alive(key, at - now + window)
        end

        -- Sets a window key's life to when its newest entry leaves (after entries moved earlier or left).
        local function expire_window(key, now, window)
          local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if #last == 0 then return end
          redis.call('PEXPIRE', key, int_text(math.max(1, tonumber(last[2]) + window - now)))
        end

        -- Removes a permit's units (its request was never sent).
        local function window_remove(key, token, weight)
          local members = {}
          for i = 1, weight do members[#members + 1] = token .. '#' .. i end
          redis.call('ZREM', key, unpack(members))
        end

        -- Weighted units inside a window, without writing (for the read-only state script).
        local function window_count(key, now, window)
          return redis.call('ZCOUNT', key, '(' .. int_text(now - window), '+inf')
        end

        -- The open-request zset lives as long as its furthest lease.
        local function expire_open(key, now)
          local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if #last == 0 then return end
          redis.call('PEXPIRE', key, int_text(math.max(1, tonumber(last[2]) - now)))
        end

        -- The adaptive large-bar limit now: the stored rate plus the recovery since it was stored, between the
        -- floor and the configured limit. No state means nothing slowed down.
        local function large_bar_rate(k_adaptive, now, configured, floor, recovery_per_ms)
          local h = redis.call('HMGET', k_adaptive, 'rate', 'at')
          if not h[1] then return configured end
          local rate = tonumber(h[1]) + math.max(0, now - tonumber(h[2])) * recovery_per_ms
          return math.max(floor, math.min(configured, rate))
        end

        -- Stores a lowered rate until it has recovered by time alone (and at least `keep` ms); the full rate
        -- needs no state.
        local function store_rate(k_adaptive, now, rate, configured, recovery_per_ms, keep)
          if rate >= configured then
            redis.call('HDEL', k_adaptive, 'rate', 'at')
          else
            redis.call('HSET', k_adaptive, 'rate', tostring(rate), 'at', int_text(now))
          end
          local ttl = math.ceil((configured - rate) / recovery_per_ms)
          ttl = math.max(ttl, keep, 1)
          if redis.call('EXISTS', k_adaptive) == 1 then redis.call('PEXPIRE', k_adaptive, int_text(ttl)) end
        end

        """#
}
