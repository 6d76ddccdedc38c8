import RedisKit

extension QueueScript {
    /// Records a failed attempt and decides the chunk's next place.
    ///
    /// The attempt counts in every case, and IB's code and text stay on the record. A permanent failure, or a
    /// transient one that used up the attempts, goes to the dead zset; any other transient one goes to the
    /// delayed zset, due at `now + min(cap, base · 2^(attempts − 1)) · (0.5 + random)`, where `random` in [0, 1)
    /// comes from the caller so tests can pin it. A chunk whose backfill was cancelled becomes a `cancelled`
    /// tombstone instead.
    ///
    /// KEYS: records, in flight, delayed, dead, backlog.
    /// ARGV: worker id, chunk id, lease token, class, code ('' for none), text, max attempts, base ms, cap ms,
    /// random.
    /// Returns {'notheld'}, {'cancelled'}, {'dead'} or {'delayed', due}.
    static let fail = make(
        "fail",
        #"""
        local k_records, k_inflight, k_delayed, k_dead, k_backlog = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
        local id = ARGV[2]
        local rec = get_record(k_records, id)
        if not held(rec, ARGV[1], ARGV[3]) then return { 'notheld' } end
        local now = now_ms()
        redis.call('ZREM', k_inflight, id)
        backlog_pop(k_backlog, 1)
        local class = ARGV[4]
        rec.attempts = (rec.attempts or 0) + 1
        rec.errorClass = class
        rec.errorCode = tonumber(ARGV[5])
        rec.errorText = ARGV[6]
        rec.errorAt = now
        if rec.cancel then
          make_tombstone(k_records, id, rec, 'cancelled', now)
          return { 'cancelled' }
        end
        local max_attempts = tonumber(ARGV[7])
        if class == 'permanent' or rec.attempts >= max_attempts then
          make_dead(k_records, k_dead, id, rec, now)
          return { 'dead' }
        end
        local delay = tonumber(ARGV[8]) * math.pow(2, rec.attempts - 1)
        local cap = tonumber(ARGV[9])
        if delay > cap then delay = cap end
        local random = math.min(math.max(tonumber(ARGV[10]), 0), 1)
        local due = now + math.floor(delay * (0.5 + random))
        make_delayed(k_records, k_delayed, id, rec, now, due)
        return { 'delayed', due }
        """#
    )
}
