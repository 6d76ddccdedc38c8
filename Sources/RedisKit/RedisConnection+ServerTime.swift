extension RedisConnection {
    /// The server's clock in milliseconds since the epoch, as Lua scripts read it with `TIME`: what leases,
    /// delays and pacing windows are measured in.
    ///
    /// - Throws: ``RedisError``; `.unexpectedReply` if the server answers `TIME` with anything but two integers.
    public func serverTime() throws(RedisError) -> Int64 {
        let parts = try send("TIME").array ?? []
        guard parts.count == 2, let seconds = parts[0].integer, let micros = parts[1].integer else {
            throw RedisError(.unexpectedReply, "TIME answered \(parts).")
        }
        return seconds * 1000 + micros / 1000
    }
}
