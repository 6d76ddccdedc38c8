import RedisKit

extension QueueScript {
    /// Renews a worker's lease on a chunk it holds.
    ///
    /// A lease that has expired but not yet been reaped is still renewed: expiry only matters once the reaper has
    /// acted on it, and until then no other worker can have the chunk.
    ///
    /// KEYS: records, in flight. ARGV: worker id, chunk id, lease token, lease ms.
    /// Returns {'lost'} or {'held', deadline, 1 if the chunk's backfill was cancelled else 0}.
    static let extend = make(
        "extend",
        #"""
        local k_records, k_inflight = KEYS[1], KEYS[2]
        local id = ARGV[2]
        local rec = get_record(k_records, id)
        if not held(rec, ARGV[1], ARGV[3]) then return { 'lost' } end
        rec.deadline = now_ms() + tonumber(ARGV[4])
        redis.call('ZADD', k_inflight, rec.deadline, id)
        put_record(k_records, id, rec)
        local cancelled = 0
        if rec.cancel then cancelled = 1 end
        return { 'held', rec.deadline, cancelled }
        """#
    )
}
