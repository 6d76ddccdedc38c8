import RedisKit

extension QueueScript {
    /// Deletes dead chunks from Redis entirely: entry and record. A later `enqueue` adds them afresh.
    ///
    /// Windowed like ``retryDead``.
    ///
    /// KEYS: records, dead. ARGV: mode (`all`, `backfill`, `chunk`), backfill or chunk id, offset, limit.
    /// Returns {removed, scanned}.
    static let purgeDead = make(
        "purge-dead",
        #"""
        local k_records, k_dead = KEYS[1], KEYS[2]
        local picked, scanned = select_dead(k_records, k_dead, ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
        if #picked == 0 then return { 0, scanned } end
        redis.call('ZREM', k_dead, unpack(picked))
        redis.call('HDEL', k_records, unpack(picked))
        return { #picked, scanned }
        """#
    )
}
