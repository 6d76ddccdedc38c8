import ChunkPlanning

/// When subscriptions are due, per market: for `status`, the scheduler's metrics and `follow list`.
public enum FollowSchedule {
    /// The next run of each market the subscriptions use (its first close after `now − delay`, plus the delay),
    /// keyed by ``SessionCloseSchedule/market``.
    ///
    /// - Parameters:
    ///   - follows: The subscriptions.
    ///   - now: Market time, UTC epoch seconds.
    ///   - delay: The scheduler's delay after a close, seconds.
    public static func nextRuns(_ follows: [FollowRecord], now: Int64, delay: Int64) -> [String: Int64] {
        var next: [String: Int64] = [:]
        for follow in follows {
            let schedule = follow.spec.schedule(delay: delay)
            let run = schedule.nextRun(after: now)
            next[schedule.market] = min(run, next[schedule.market] ?? run)
        }
        return next
    }
}
