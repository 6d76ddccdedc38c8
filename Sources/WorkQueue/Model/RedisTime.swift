/// A point in time on the Redis server's clock: milliseconds since the Unix epoch, as its `TIME` reports.
///
/// Leases, backoff and ages are all measured on this one clock so that workers whose own clocks drift still agree
/// on when a lease expires. Compare these values with each other (or with `TIME`), not with the local clock.
public typealias RedisTime = Int64
