import RedisKit

extension QueueScript {
    /// Cancels one backfill's chunks in one window of one structure.
    ///
    /// Ready, delayed and dead chunks of the backfill leave their zset and become `cancelled` tombstones; in-flight
    /// ones are only flagged (`cancel`), because their worker is busy with them: the flag turns their ack into
    /// `done` as usual and their failure, requeue or reaping into `cancelled`. Windowed so that a large queue never
    /// blocks Redis in one script; the caller walks every structure.
    ///
    /// KEYS: records, ready, delayed, dead, in flight, backlog.
    /// ARGV: backfill id, structure (`ready`, `delayed`, `dead`, `inflight`), offset, limit.
    /// Returns {scanned, removed, flagged}.
    static let cancel = make(
        "cancel",
        #"""
        local k_records, k_ready, k_delayed, k_dead, k_inflight, k_backlog =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local backfill, structure = ARGV[1], ARGV[2]
        local offset, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
        local sources = { ready = k_ready, delayed = k_delayed, dead = k_dead, inflight = k_inflight }
        local source = sources[structure]
        if source == nil then return redis.error_reply('ERR unknown structure ' .. structure) end
        local ids = redis.call('ZRANGE', source, offset, offset + limit - 1)
        local now = now_ms()
        local removed, flagged = 0, 0
        for _, id in ipairs(ids) do
          local rec = get_record(k_records, id)
          if rec ~= nil and rec.backfill == backfill then
            if structure == 'inflight' then
              if not rec.cancel then
                rec.cancel = true
                put_record(k_records, id, rec)
                flagged = flagged + 1
              end
            else
              redis.call('ZREM', source, id)
              make_tombstone(k_records, id, rec, 'cancelled', now)
              removed = removed + 1
            end
          end
        end
        if structure == 'ready' then backlog_pop(k_backlog, removed) end
        return { #ids, removed, flagged }
        """#
    )
}
