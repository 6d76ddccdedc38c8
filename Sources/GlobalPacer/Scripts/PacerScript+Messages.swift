import RedisKit

extension PacerScript {
    /// Records messages other than requests (cancels, say) in the message-rate window.
    ///
    /// With `wait` 1 it records only if they fit and otherwise answers how long until they do; with `wait` 0 it
    /// records them regardless (for messages already sent), so the window stays true to what IB saw.
    ///
    /// KEYS: messages, clock.
    /// ARGV: token, count, window ms, limit, wait (1 or 0).
    /// Returns {1, now} or {0, wait ms, now}.
    static let messages = make(
        "messages",
        #"""
        local k_messages = KEYS[1]
        local token, count = ARGV[1], tonumber(ARGV[2])
        local window, limit, wait = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1'
        local now = now_ms()
        trim(k_messages, now, window)
        if wait then
          local pause = window_wait(k_messages, now, window, limit, count)
          if pause > 0 then return { 0, int_text(pause), int_text(now) } end
        end
        window_add(k_messages, now, window, token, count, now)
        return { 1, int_text(now) }
        """#
    )
}
