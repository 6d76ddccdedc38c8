import RedisKit

/// The queue's Lua scripts, one per operation, each in a file of its own (`QueueScript+Claim.swift`, …).
///
/// Every script is one atomic step on the server: a chunk moves between structures without any other client
/// seeing it half-moved, which is what keeps the placement invariant ("never in two places, never nowhere")
/// true under any interleaving. Every key a script touches arrives in `KEYS` (all sharing the deployment's hash
/// tag, see ``QueueKeys``), so the scripts run unchanged on Redis Cluster. Time comes from the server's `TIME`,
/// never from the caller, so workers with skewed clocks agree on leases and backoff.
///
/// Redis runs each script in a fresh environment and has no way to share functions between scripts, so the
/// helpers below are prepended to each script's source (``prelude``).
enum QueueScript {
    /// Builds a script from the shared helpers and its body.
    static func make(_ name: String, _ body: String) -> RedisScript {
        RedisScript(name: "workqueue.\(name)", source: prelude + body)
    }

    /// Lua helpers shared by the scripts.
    ///
    /// Record fields (a JSON object per chunk in the `records` hash): `backfill`, `priority`, `attempts`,
    /// `state` (`ready`, `delayed`, `inflight`, `dead`, `done`, `cancelled`), `since` (when it entered that
    /// state), `enqueued`; while in flight `worker`, `client`, `lease` (a claim token), `deadline` and possibly
    /// `cancel`; while delayed `due`; after a failure `errorClass`, `errorCode`, `errorText`, `errorAt`.
    static let prelude = #"""
        local PRIORITY_BAND = 4398046511104

        local function now_ms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end

        -- Lua prints numbers with 14 significant digits; scores above 2^47 need all of theirs.
        local function score_text(n)
          return string.format('%.0f', n)
        end

        local function ready_score(priority, seq)
          return score_text(-priority * PRIORITY_BAND + seq)
        end

        local function get_record(k_records, id)
          local raw = redis.call('HGET', k_records, id)
          if not raw then return nil end
          return cjson.decode(raw)
        end

        local function put_record(k_records, id, rec)
          local raw = cjson.encode(rec)
          redis.call('HSET', k_records, id, raw)
          return raw
        end

        -- Drops the fields that only mean something in the state being left.
        local function clear_placement(rec)
          rec.worker = nil
          rec.client = nil
          rec.lease = nil
          rec.deadline = nil
          rec.due = nil
          rec.cancel = nil
        end

        local function held(rec, worker, lease)
          return rec ~= nil and rec.state == 'inflight' and rec.worker == worker and rec.lease == tonumber(lease)
        end

        -- The backlog list holds one anonymous token per chunk that is ready or in flight, for KEDA.
        local function backlog_push(k_backlog, n)
          while n > 0 do
            local batch = math.min(n, 1000)
            local tokens = {}
            for i = 1, batch do tokens[i] = '1' end
            redis.call('RPUSH', k_backlog, unpack(tokens))
            n = n - batch
          end
        end

        local function backlog_pop(k_backlog, n)
          if n > 0 then redis.call('LTRIM', k_backlog, n, -1) end
        end

        -- Puts a chunk at the back of its priority's band in the ready zset. The caller adjusts the backlog.
        local function make_ready(k_records, k_ready, id, rec, now, seq)
          clear_placement(rec)
          rec.state = 'ready'
          rec.since = now
          redis.call('ZADD', k_ready, ready_score(rec.priority, seq), id)
          put_record(k_records, id, rec)
        end

        local function make_tombstone(k_records, id, rec, state, now)
          clear_placement(rec)
          rec.state = state
          rec.since = now
          put_record(k_records, id, rec)
        end

        local function make_dead(k_records, k_dead, id, rec, now)
          clear_placement(rec)
          rec.state = 'dead'
          rec.since = now
          redis.call('ZADD', k_dead, now, id)
          put_record(k_records, id, rec)
        end

        local function make_delayed(k_records, k_delayed, id, rec, now, due)
          clear_placement(rec)
          rec.state = 'delayed'
          rec.since = now
          rec.due = due
          redis.call('ZADD', k_delayed, due, id)
          put_record(k_records, id, rec)
        end

        -- Moves up to `limit` delayed chunks whose time has come to the ready zset; returns their ids.
        local function promote_due(k_records, k_delayed, k_ready, k_backlog, k_seq, now, limit)
          local due = redis.call('ZRANGE', k_delayed, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)
          if #due == 0 then return due end
          redis.call('ZREM', k_delayed, unpack(due))
          local seq = redis.call('INCRBY', k_seq, #due) - #due
          for _, id in ipairs(due) do
            seq = seq + 1
            local rec = get_record(k_records, id) or { backfill = '', priority = 0, attempts = 0 }
            make_ready(k_records, k_ready, id, rec, now, seq)
          end
          backlog_push(k_backlog, #due)
          return due
        end

        -- Chooses dead chunks: one (`chunk`), a window of all (`all`), or the window's chunks of one backfill.
        -- Returns the chosen ids and how many dead entries were looked at.
        local function select_dead(k_records, k_dead, mode, value, offset, limit)
          if mode == 'chunk' then
            if redis.call('ZSCORE', k_dead, value) then return { value }, 1 end
            return {}, 0
          end
          local ids = redis.call('ZRANGE', k_dead, offset, offset + limit - 1)
          if mode == 'all' then return ids, #ids end
          local picked = {}
          for _, id in ipairs(ids) do
            local rec = get_record(k_records, id)
            if rec ~= nil and rec.backfill == value then picked[#picked + 1] = id end
          end
          return picked, #ids
        end

        """#
}
