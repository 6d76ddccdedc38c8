import RedisKit

extension QueueScript {
    /// Reads one page of the dead zset, oldest death first, with each chunk's record (and so its last error).
    ///
    /// A script rather than two commands so that the page and its records are read at one instant.
    ///
    /// KEYS: dead, records. ARGV: offset, count.
    /// Returns {total, {chunk id, died at, record JSON, …}}.
    static let listDead = make(
        "list-dead",
        #"""
        local k_dead, k_records = KEYS[1], KEYS[2]
        local offset, count = tonumber(ARGV[1]), tonumber(ARGV[2])
        local page = redis.call('ZRANGE', k_dead, offset, offset + count - 1, 'WITHSCORES')
        local out = {}
        for i = 1, #page, 2 do
          local id = page[i]
          out[#out + 1] = id
          out[#out + 1] = page[i + 1]
          out[#out + 1] = redis.call('HGET', k_records, id) or ''
        end
        return { redis.call('ZCARD', k_dead), out }
        """#
    )
}
