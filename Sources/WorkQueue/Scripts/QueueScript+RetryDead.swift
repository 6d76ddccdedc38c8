import RedisKit

extension QueueScript {
    /// Moves dead chunks back to the ready zset with their attempts reset (the cause was fixed).
    ///
    /// Works on one window of the dead zset per call so that a million dead chunks never block Redis in one
    /// script; the caller walks the windows. The last error stays on the record until the next failure.
    ///
    /// KEYS: records, dead, ready, backlog, sequence. ARGV: mode (`all`, `backfill`, `chunk`), backfill or chunk
    /// id, offset, limit.
    /// Returns {moved, scanned}.
    static let retryDead = make(
        "retry-dead",
        #"""
        local k_records, k_dead, k_ready, k_backlog, k_seq = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
        local picked, scanned = select_dead(k_records, k_dead, ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
        if #picked == 0 then return { 0, scanned } end
        local now = now_ms()
        redis.call('ZREM', k_dead, unpack(picked))
        local seq = redis.call('INCRBY', k_seq, #picked) - #picked
        for _, id in ipairs(picked) do
          seq = seq + 1
          local rec = get_record(k_records, id) or { backfill = '', priority = 0 }
          rec.attempts = 0
          make_ready(k_records, k_ready, id, rec, now, seq)
        end
        backlog_push(k_backlog, #picked)
        return { #picked, scanned }
        """#
    )
}
