import RedisKit

extension QueueScript {
    /// Takes the first ready chunk (highest priority, then oldest) and leases it to a worker.
    ///
    /// First promotes up to `promote limit` delayed chunks whose time has come, so idle workers polling with
    /// claims are all the promoter a small deployment needs. The chunk moves from the ready zset to the in-flight
    /// zset (scored by its lease deadline) in the same step, and its record names the worker, the worker's TWS
    /// client id and a fresh lease token, so a worker whose lease was reaped and re-granted can no longer ack.
    ///
    /// KEYS: records, ready, in flight, delayed, backlog, sequence.
    /// ARGV: worker id, client id, lease ms, promote limit.
    /// Returns nil, or {chunk id, record JSON}.
    static let claim = make(
        "claim",
        #"""
        local k_records, k_ready, k_inflight, k_delayed, k_backlog, k_seq =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local now = now_ms()
        local promote_limit = tonumber(ARGV[4])
        if promote_limit > 0 then
          promote_due(k_records, k_delayed, k_ready, k_backlog, k_seq, now, promote_limit)
        end
        local popped = redis.call('ZPOPMIN', k_ready)
        if #popped == 0 then return nil end
        local id = popped[1]
        local rec = get_record(k_records, id)
        if rec == nil then
          -- Only a hand-edited Redis gets here; deliver the chunk anyway rather than lose it.
          rec = { backfill = '', priority = -math.floor(tonumber(popped[2]) / PRIORITY_BAND), attempts = 0 }
        end
        clear_placement(rec)
        rec.state = 'inflight'
        rec.since = now
        rec.worker = ARGV[1]
        rec.client = tonumber(ARGV[2])
        rec.lease = redis.call('INCR', k_seq)
        rec.deadline = now + tonumber(ARGV[3])
        redis.call('ZADD', k_inflight, rec.deadline, id)
        return { id, put_record(k_records, id, rec) }
        """#
    )
}
