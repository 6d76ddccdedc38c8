import RedisKit

extension QueueScript {
    /// Reads the queue's counters at one instant, for `backfill status` and metrics.
    ///
    /// Ready counts per priority come from walking the ready zset's priority bands (one `ZRANGE` and one `ZCOUNT`
    /// per priority in use), so no counter has to be kept in step on the hot path. Live workers are the registered
    /// ones whose registration has not expired; the holders of in-flight chunks are listed too, registered or not.
    ///
    /// KEYS: ready, delayed, in flight, dead, records, workers, worker info, backlog.
    /// Returns {now, {priority, count, oldest since, …}, ready, delayed, in flight, dead, backlog,
    /// next due or false, {worker, expires, info JSON, …}, {worker, chunks held, …}}.
    static let stats = make(
        "stats",
        #"""
        local k_ready, k_delayed, k_inflight, k_dead, k_records, k_workers, k_info, k_backlog =
          KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
        local now = now_ms()
        local bands = {}
        local cursor = '-inf'
        for _ = 1, 10000 do
          local head = redis.call('ZRANGE', k_ready, cursor, '+inf', 'BYSCORE', 'LIMIT', 0, 1, 'WITHSCORES')
          if #head == 0 then break end
          local priority = -math.floor(tonumber(head[2]) / PRIORITY_BAND)
          local low = -priority * PRIORITY_BAND
          local count = redis.call('ZCOUNT', k_ready, score_text(low + 1), score_text(low + PRIORITY_BAND - 1))
          local rec = get_record(k_records, head[1])
          local since = now
          if rec ~= nil and rec.since then since = rec.since end
          bands[#bands + 1] = priority
          bands[#bands + 1] = count
          bands[#bands + 1] = since
          cursor = score_text(low + PRIORITY_BAND)
        end
        local next_due = redis.call('ZRANGE', k_delayed, 0, 0, 'WITHSCORES')
        local due = false
        if #next_due > 0 then due = next_due[2] end
        local live = redis.call('ZRANGE', k_workers, now, '+inf', 'BYSCORE', 'WITHSCORES')
        local workers = {}
        for i = 1, #live, 2 do
          workers[#workers + 1] = live[i]
          workers[#workers + 1] = live[i + 1]
          workers[#workers + 1] = redis.call('HGET', k_info, live[i]) or '{}'
        end
        local holding = {}
        local order = {}
        for _, id in ipairs(redis.call('ZRANGE', k_inflight, 0, -1)) do
          local rec = get_record(k_records, id)
          local worker = (rec and rec.worker) or ''
          if holding[worker] == nil then
            holding[worker] = 0
            order[#order + 1] = worker
          end
          holding[worker] = holding[worker] + 1
        end
        local holders = {}
        for _, worker in ipairs(order) do
          holders[#holders + 1] = worker
          holders[#holders + 1] = holding[worker]
        end
        return {
          now, bands, redis.call('ZCARD', k_ready), redis.call('ZCARD', k_delayed), redis.call('ZCARD', k_inflight),
          redis.call('ZCARD', k_dead), redis.call('LLEN', k_backlog), due, workers, holders
        }
        """#
    )
}
