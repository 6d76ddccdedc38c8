import RedisKit

/// The Lua scripts behind ``ClientIDLease``: each is one atomic step on the Redis server, timed by its clock.
///
/// Leases live in a zset (client id → expiry, ms) and their owners in a hash (client id → owner token). An expired
/// lease is forgotten by the next script that looks, so a killed worker's id comes back by itself.
enum ClientIDLeaseScript {
    static let prelude = #"""
        local function now_ms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end

        local function forget_expired(k_leases, k_owners, now)
          local expired = redis.call('ZRANGEBYSCORE', k_leases, '-inf', now)
          for _, id in ipairs(expired) do
            redis.call('ZREM', k_leases, id)
            redis.call('HDEL', k_owners, id)
          end
        end

        """#

    /// Leases the first free id of the pool that the caller has not excluded.
    ///
    /// KEYS: leases, owners. ARGV: owner, ttl ms, excluded ids (comma-separated, may be empty), pool ids….
    /// Returns the id, or nil when every id is leased or excluded.
    static let acquire = RedisScript(
        name: "clientids.acquire",
        source: prelude + #"""
            local k_leases, k_owners = KEYS[1], KEYS[2]
            local now = now_ms()
            forget_expired(k_leases, k_owners, now)
            local excluded = {}
            for id in string.gmatch(ARGV[3], '[^,]+') do excluded[id] = true end
            for i = 4, #ARGV do
              local id = ARGV[i]
              if not excluded[id] and redis.call('ZSCORE', k_leases, id) == false then
                local ttl = tonumber(ARGV[2])
                redis.call('ZADD', k_leases, now + ttl, id)
                redis.call('HSET', k_owners, id, ARGV[1])
                redis.call('PEXPIRE', k_leases, ttl * 10)
                redis.call('PEXPIRE', k_owners, ttl * 10)
                return tonumber(id)
              end
            end
            return nil
            """#
    )

    /// Renews a lease the caller still owns.
    ///
    /// KEYS: leases, owners. ARGV: owner, id, ttl ms. Returns 1, or 0 when the lease was lost (expired and taken).
    static let renew = RedisScript(
        name: "clientids.renew",
        source: prelude + #"""
            local k_leases, k_owners = KEYS[1], KEYS[2]
            local now = now_ms()
            forget_expired(k_leases, k_owners, now)
            if redis.call('HGET', k_owners, ARGV[2]) ~= ARGV[1] then return 0 end
            local ttl = tonumber(ARGV[3])
            redis.call('ZADD', k_leases, now + ttl, ARGV[2])
            redis.call('PEXPIRE', k_leases, ttl * 10)
            redis.call('PEXPIRE', k_owners, ttl * 10)
            return 1
            """#
    )

    /// Gives a lease back. KEYS: leases, owners. ARGV: owner, id. Returns 1 if the caller held it, else 0.
    static let release = RedisScript(
        name: "clientids.release",
        source: #"""
            local k_leases, k_owners = KEYS[1], KEYS[2]
            if redis.call('HGET', k_owners, ARGV[2]) ~= ARGV[1] then return 0 end
            redis.call('ZREM', k_leases, ARGV[2])
            redis.call('HDEL', k_owners, ARGV[2])
            return 1
            """#
    )
}
