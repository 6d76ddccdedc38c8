import RedisKit

extension QueueScript {
    /// Takes back chunks whose lease deadline has passed (the worker died or hung).
    ///
    /// A reaped chunk spends one attempt, so a chunk that crashes every worker that takes it ends in the dead zset
    /// instead of cycling forever; otherwise it goes to the back of its priority in the ready zset. A chunk whose
    /// backfill was cancelled becomes a `cancelled` tombstone. A lease is expired when its deadline is strictly
    /// before the server's `TIME`.
    ///
    /// KEYS: records, in flight, ready, dead, backlog, sequence. ARGV: max attempts, limit.
    /// Returns {chunk id, new state, …} with states `ready`, `dead` or `cancelled`.
    static let reap = make(
        "reap",
        #"""
        local k_records, k_inflight, k_ready, k_dead, k_backlog, k_seq =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local max_attempts = tonumber(ARGV[1])
        local now = now_ms()
        local expired = redis.call('ZRANGE', k_inflight, '-inf', '(' .. now, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
        local out = {}
        for _, id in ipairs(expired) do
          redis.call('ZREM', k_inflight, id)
          local rec = get_record(k_records, id) or { backfill = '', priority = 0, attempts = 0 }
          rec.attempts = (rec.attempts or 0) + 1
          rec.errorClass = 'lease'
          rec.errorCode = nil
          rec.errorText = 'The lease of worker ' .. tostring(rec.worker) .. ' expired without a heartbeat.'
          rec.errorAt = now
          local state
          if rec.cancel then
            state = 'cancelled'
            backlog_pop(k_backlog, 1)
            make_tombstone(k_records, id, rec, state, now)
          elseif rec.attempts >= max_attempts then
            state = 'dead'
            backlog_pop(k_backlog, 1)
            make_dead(k_records, k_dead, id, rec, now)
          else
            state = 'ready'
            make_ready(k_records, k_ready, id, rec, now, redis.call('INCR', k_seq))
          end
          out[#out + 1] = id
          out[#out + 1] = state
        end
        return out
        """#
    )
}
