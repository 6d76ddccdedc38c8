import RedisKit

extension QueueScript {
    /// Adds chunks to the ready zset unless Redis already knows them.
    ///
    /// A chunk with a record in any state but `cancelled` is left alone (ready, delayed, in flight, dead, or
    /// done), which makes the script idempotent and safe for `resume` to call with everything Postgres thinks is
    /// unfinished. A cancelled chunk is enqueued afresh; an in-flight chunk whose backfill was cancelled gets its
    /// cancellation withdrawn, so its ack or failure counts again.
    ///
    /// KEYS: records, ready, backlog, sequence. ARGV: backfill id, priority, chunk id…
    /// Returns the number of chunks added.
    static let enqueue = make(
        "enqueue",
        #"""
        local k_records, k_ready, k_backlog, k_seq = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local backfill = ARGV[1]
        local priority = tonumber(ARGV[2])
        local now = now_ms()
        local count = #ARGV - 2
        if count < 1 then return 0 end
        local seq = redis.call('INCRBY', k_seq, count) - count
        local added = 0
        for i = 3, #ARGV do
          local id = ARGV[i]
          local rec = get_record(k_records, id)
          if rec == nil or rec.state == 'cancelled' then
            seq = seq + 1
            local fresh = { backfill = backfill, priority = priority, attempts = 0, enqueued = now }
            make_ready(k_records, k_ready, id, fresh, now, seq)
            added = added + 1
          elseif rec.state == 'inflight' and rec.cancel then
            rec.cancel = nil
            put_record(k_records, id, rec)
          end
        end
        backlog_push(k_backlog, added)
        return added
        """#
    )
}
