import RedisKit

extension QueueScript {
    /// Marks a chunk done: it leaves the in-flight zset and its record shrinks to a `done` tombstone.
    ///
    /// The tombstone is what makes a later `enqueue` of the same chunk (a `resume` racing with this ack) add
    /// nothing. Only the lease holder may ack; anyone else gets `notheld` and the chunk stays where it is.
    ///
    /// KEYS: records, in flight, backlog. ARGV: worker id, chunk id, lease token.
    /// Returns {'done'} or {'notheld'}.
    static let ack = make(
        "ack",
        #"""
        local k_records, k_inflight, k_backlog = KEYS[1], KEYS[2], KEYS[3]
        local id = ARGV[2]
        local rec = get_record(k_records, id)
        if not held(rec, ARGV[1], ARGV[3]) then return { 'notheld' } end
        local now = now_ms()
        redis.call('ZREM', k_inflight, id)
        local tombstone = {
          backfill = rec.backfill, priority = rec.priority, attempts = rec.attempts, enqueued = rec.enqueued
        }
        make_tombstone(k_records, id, tombstone, 'done', now)
        backlog_pop(k_backlog, 1)
        return { 'done' }
        """#
    )
}
