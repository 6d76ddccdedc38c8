import RedisKit

extension QueueScript {
    /// Hands a held chunk back without spending an attempt: to the back of its priority in the ready zset, or to
    /// the delayed zset when a delay is given (a pacing cooldown).
    ///
    /// Used for pacing violations, lost gateway connections and graceful shutdown, where the chunk itself did
    /// nothing wrong. A chunk whose backfill was cancelled becomes a `cancelled` tombstone instead.
    ///
    /// KEYS: records, in flight, ready, delayed, backlog, sequence. ARGV: worker id, chunk id, lease token, delay ms.
    /// Returns {'notheld'}, {'cancelled'}, {'ready'} or {'delayed', due}.
    static let requeue = make(
        "requeue",
        #"""
        local k_records, k_inflight, k_ready, k_delayed, k_backlog, k_seq =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local id = ARGV[2]
        local rec = get_record(k_records, id)
        if not held(rec, ARGV[1], ARGV[3]) then return { 'notheld' } end
        local now = now_ms()
        redis.call('ZREM', k_inflight, id)
        if rec.cancel then
          backlog_pop(k_backlog, 1)
          make_tombstone(k_records, id, rec, 'cancelled', now)
          return { 'cancelled' }
        end
        local delay = tonumber(ARGV[4])
        if delay > 0 then
          backlog_pop(k_backlog, 1)
          make_delayed(k_records, k_delayed, id, rec, now, now + delay)
          return { 'delayed', now + delay }
        end
        make_ready(k_records, k_ready, id, rec, now, redis.call('INCR', k_seq))
        return { 'ready' }
        """#
    )
}
