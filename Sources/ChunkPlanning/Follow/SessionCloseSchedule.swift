import MarketCalendar

/// The closes of one instrument's sessions, and when the scheduler acts on them: each close plus a delay.
///
/// The calendar is the instrument's own (``SessionKind``: NYSE for US stocks, CME for equity-index futures, 24×5
/// for FX, 24×7 for crypto); with regular hours only, a close is the regular session's. An instrument without a
/// calendar closes at every 00:00 UTC. Pure: the caller passes every time.
public struct SessionCloseSchedule: Sendable, Hashable {
    /// The instrument's calendar, or `nil` for none.
    public let kind: SessionKind?
    /// Regular trading hours only.
    public let useRTH: Bool
    /// Seconds after a close before acting on it.
    public let delay: Int64

    /// Creates a schedule.
    public init(kind: SessionKind?, useRTH: Bool, delay: Int64) {
        self.kind = kind
        self.useRTH = useRTH
        self.delay = max(0, delay)
    }

    /// The market's name in listings and metrics: `usEquity`, `forex24x5`, … or `utcDays`.
    public var market: String {
        kind?.rawValue ?? "utcDays"
    }

    /// The latest session whose close plus the delay is at or before `now`: what a run at `now` completes.
    ///
    /// - Parameter now: UTC epoch seconds.
    /// - Returns: The session's UTC interval, or `nil` when none closed in the last 15 days (never, for these
    ///   calendars).
    public func latestDueSession(at now: Int64) -> Range<Int64>? {
        let cut = now - delay
        return sessions(from: cut - 15 * 86_400, to: cut + 1).last { $0.upperBound <= cut }
    }

    /// When the next run is due after `now`: the first close after `now − delay`, plus the delay.
    ///
    /// - Parameter now: UTC epoch seconds.
    public func nextRun(after now: Int64) -> Int64 {
        let cut = now - delay
        let next = sessions(from: cut, to: cut + 15 * 86_400).first { $0.upperBound > cut }
        return (next?.upperBound ?? cut + 86_400) + delay
    }

    /// The `count` sessions that ended at or before `end`, oldest first: the revisit window before a close.
    ///
    /// - Parameters:
    ///   - count: How many sessions.
    ///   - end: A UTC instant, usually the open of the session just closed.
    public func sessions(count: Int, endingBy end: Int64) -> [Range<Int64>] {
        guard count > 0 else { return [] }
        // Four calendar days per session reaches back past any weekend and holiday cluster.
        let found = sessions(from: end - Int64(count) * 4 * 86_400 - 7 * 86_400, to: end).filter {
            $0.upperBound <= end
        }
        return Array(found.suffix(count))
    }

    /// The sessions overlapping `[from, to)`, as UTC intervals.
    public func sessions(from: Int64, to: Int64) -> [Range<Int64>] {
        guard from < to else { return [] }
        guard let kind else {
            let first = from - Self.floorModulo(from, 86_400)
            return stride(from: first, to: to, by: 86_400).map { $0..<($0 + 86_400) }
        }
        return TradingSessions.sessions(kind: kind, from: from, to: to, regularHoursOnly: useRTH).map(\.interval)
    }

    private static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
