import RedisKit

extension QueueScript {
    /// Registers a worker or renews its registration, and forgets registrations that have expired.
    ///
    /// KEYS: workers, worker info. ARGV: worker id, client id, ttl ms, gateway (`host:port`, or empty).
    /// Returns the registration's expiry (server milliseconds).
    static let registerWorker = make(
        "register-worker",
        #"""
        local k_workers, k_info = KEYS[1], KEYS[2]
        local worker = ARGV[1]
        local now = now_ms()
        local gone = redis.call('ZRANGE', k_workers, '-inf', '(' .. now, 'BYSCORE', 'LIMIT', 0, 100)
        if #gone > 0 then
          redis.call('ZREM', k_workers, unpack(gone))
          redis.call('HDEL', k_info, unpack(gone))
        end
        local raw = redis.call('HGET', k_info, worker)
        local info = { registered = now }
        if raw then info = cjson.decode(raw) end
        info.client = tonumber(ARGV[2])
        if ARGV[4] and ARGV[4] ~= '' then info.gateway = ARGV[4] end
        info.seen = now
        redis.call('HSET', k_info, worker, cjson.encode(info))
        local expires = now + tonumber(ARGV[3])
        redis.call('ZADD', k_workers, expires, worker)
        return expires
        """#
    )

    /// Removes a worker's registration (graceful shutdown).
    ///
    /// KEYS: workers, worker info. ARGV: worker id. Returns 1 if it was registered, else 0.
    static let deregisterWorker = make(
        "deregister-worker",
        #"""
        redis.call('HDEL', KEYS[2], ARGV[1])
        return redis.call('ZREM', KEYS[1], ARGV[1])
        """#
    )
}
