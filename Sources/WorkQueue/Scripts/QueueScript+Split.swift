import RedisKit

extension QueueScript {
    /// Replaces a held chunk by its children in one step: the parent leaves the in-flight zset as a `done` tombstone
    /// (its work is now its children's) and each child Redis does not know yet (or knows as cancelled) joins the
    /// back of the parent's priority with no attempts spent, under the parent's backfill.
    ///
    /// Atomic, so no crash leaves the parent gone and its children missing; a parent whose backfill was cancelled
    /// becomes a `cancelled` tombstone and no child is added.
    ///
    /// KEYS: records, in flight, ready, backlog, sequence. ARGV: worker id, chunk id, lease token, child id…
    /// Returns {'notheld'}, {'cancelled'} or {'split', added}.
    static let split = make(
        "split",
        #"""
        local k_records, k_inflight, k_ready, k_backlog, k_seq = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
        local id = ARGV[2]
        local rec = get_record(k_records, id)
        if not held(rec, ARGV[1], ARGV[3]) then return { 'notheld' } end
        local now = now_ms()
        redis.call('ZREM', k_inflight, id)
        backlog_pop(k_backlog, 1)
        if rec.cancel then
          make_tombstone(k_records, id, rec, 'cancelled', now)
          return { 'cancelled' }
        end
        local added = 0
        for i = 4, #ARGV do
          local child = ARGV[i]
          local known = get_record(k_records, child)
          if known == nil or known.state == 'cancelled' then
            local fresh = { backfill = rec.backfill, priority = rec.priority, attempts = 0, enqueued = now }
            make_ready(k_records, k_ready, child, fresh, now, redis.call('INCR', k_seq))
            added = added + 1
          end
        end
        backlog_push(k_backlog, added)
        local tombstone = {
          backfill = rec.backfill, priority = rec.priority, attempts = rec.attempts, enqueued = rec.enqueued
        }
        make_tombstone(k_records, id, tombstone, 'done', now)
        return { 'split', added }
        """#
    )
}
