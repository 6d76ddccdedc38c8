/// When markets are open, as UTC intervals, computed from the exchange calendars.
///
/// Everything works one trading day at a time (a calendar lookup and two wall-clock conversions per day), so a
/// ten-year range costs a few thousand cheap steps, never a per-second scan. All functions are pure and
/// thread-safe.
public enum TradingSessions {
    /// Whether `kind` has a session for the trading day `date`.
    ///
    /// - Parameters:
    ///   - kind: The trading-hours model.
    ///   - date: The trading day, in the kind's time zone.
    /// - Returns: `true` if ``session(kind:tradingDay:regularHoursOnly:)`` returns a session.
    public static func isTradingDay(kind: SessionKind, _ date: CivilDate) -> Bool {
        switch kind {
        case .usEquity, .usIndex: NYSECalendar.isTradingDay(date)
        case .forex24x5: !date.weekday.isWeekend
        case .cmeEquityFutures: CMECalendar.isTradingDay(date)
        case .crypto24x7: true
        }
    }

    /// The trading days of `kind` between two dates, inclusive, in order.
    ///
    /// - Parameters:
    ///   - kind: The trading-hours model.
    ///   - from: The first date considered.
    ///   - through: The last date considered.
    /// - Returns: Every date in the range for which the kind has a session.
    public static func tradingDays(kind: SessionKind, from: CivilDate, through: CivilDate) -> [CivilDate] {
        guard from <= through else {
            return []
        }
        var result: [CivilDate] = []
        result.reserveCapacity(from.days(to: through) + 1)
        for offset in 0...from.days(to: through) {
            let date = from.adding(days: offset)
            if isTradingDay(kind: kind, date) {
                result.append(date)
            }
        }
        return result
    }

    /// The session of one trading day.
    ///
    /// - Parameters:
    ///   - kind: The trading-hours model.
    ///   - tradingDay: The trading day, in the kind's time zone.
    ///   - regularHoursOnly: `true` for regular trading hours (IB `useRTH=1`), `false` for all hours.
    /// - Returns: The session, or `nil` when the market is closed that day.
    public static func session(kind: SessionKind, tradingDay: CivilDate, regularHoursOnly: Bool) -> TradingSession? {
        guard isTradingDay(kind: kind, tradingDay) else {
            return nil
        }
        let hour: Int64 = 3_600
        let minute: Int64 = 60
        let zone = kind.timeZone
        let previous = tradingDay.adding(days: -1)
        let open: Int64
        let close: Int64
        var shortened = false
        switch kind {
        case .usEquity:
            shortened = NYSECalendar.earlyClose(on: tradingDay)
            if regularHoursOnly {
                open = zone.utcInstant(date: tradingDay, secondsOfDay: 9 * hour + 30 * minute)
                close = zone.utcInstant(date: tradingDay, secondsOfDay: shortened ? 13 * hour : 16 * hour)
            } else {
                open = zone.utcInstant(date: tradingDay, secondsOfDay: 4 * hour)
                close = zone.utcInstant(date: tradingDay, secondsOfDay: shortened ? 17 * hour : 20 * hour)
            }
        case .usIndex:
            shortened = NYSECalendar.earlyClose(on: tradingDay)
            open = zone.utcInstant(date: tradingDay, secondsOfDay: 9 * hour + 30 * minute)
            let end = (shortened ? 13 * hour : 16 * hour) + 15 * minute
            close = zone.utcInstant(date: tradingDay, secondsOfDay: end)
        case .forex24x5:
            open = zone.utcInstant(date: previous, secondsOfDay: 17 * hour)
            close = zone.utcInstant(date: tradingDay, secondsOfDay: 17 * hour)
        case .cmeEquityFutures:
            let end: Int64
            switch CMECalendar.sessionEnd(on: tradingDay) {
            case .regular:
                end = regularHoursOnly ? 15 * hour + 15 * minute : 16 * hour
            case .early:
                end = 12 * hour + 15 * minute
                shortened = true
            case .holiday:
                end = 12 * hour
                shortened = true
            }
            if regularHoursOnly {
                open = zone.utcInstant(date: tradingDay, secondsOfDay: 8 * hour + 30 * minute)
            } else {
                open = zone.utcInstant(date: previous, secondsOfDay: 17 * hour)
            }
            close = zone.utcInstant(date: tradingDay, secondsOfDay: end)
        case .crypto24x7:
            open = zone.utcInstant(date: tradingDay, secondsOfDay: 0)
            close = zone.utcInstant(date: tradingDay.adding(days: 1), secondsOfDay: 0)
        }
        return TradingSession(tradingDay: tradingDay, interval: open..<close, isShortened: shortened)
    }

    /// The sessions that overlap `[from, to)`, in order and unclipped.
    ///
    /// - Parameters:
    ///   - kind: The trading-hours model.
    ///   - from: The first UTC second of interest.
    ///   - to: The end of the range (exclusive).
    ///   - regularHoursOnly: `true` for regular trading hours only.
    /// - Returns: Each overlapping session once, ordered by trading day.
    public static func sessions(kind: SessionKind, from: Int64, to: Int64, regularHoursOnly: Bool) -> [TradingSession] {
        guard from < to else {
            return []
        }
        let zone = kind.timeZone
        // A session is named after the local date it ends on and starts at most one day earlier, so the days
        // from the first local date to one past the last cover every overlapping session.
        let firstDay = zone.localDate(at: from)
        let lastDay = zone.localDate(at: to - 1).adding(days: 1)
        var result: [TradingSession] = []
        result.reserveCapacity(firstDay.days(to: lastDay) + 1)
        for offset in 0...firstDay.days(to: lastDay) {
            let day = firstDay.adding(days: offset)
            guard let session = session(kind: kind, tradingDay: day, regularHoursOnly: regularHoursOnly) else {
                continue
            }
            if session.interval.overlaps(from..<to) {
                result.append(session)
            }
        }
        return result
    }

    /// The UTC intervals when `kind` is open within `[from, to)`: clipped, merged where sessions touch, sorted.
    ///
    /// - Parameters:
    ///   - kind: The trading-hours model.
    ///   - from: The first UTC second of interest.
    ///   - to: The end of the range (exclusive).
    ///   - regularHoursOnly: `true` for regular trading hours only.
    /// - Returns: Disjoint, non-adjacent, non-empty intervals in ascending order.
    public static func intervals(kind: SessionKind, from: Int64, to: Int64, regularHoursOnly: Bool) -> [Range<Int64>] {
        var merged: [Range<Int64>] = []
        for session in sessions(kind: kind, from: from, to: to, regularHoursOnly: regularHoursOnly) {
            let clipped = session.interval.clamped(to: from..<to)
            guard !clipped.isEmpty else {
                continue
            }
            if let last = merged.last, last.upperBound >= clipped.lowerBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, clipped.upperBound)
            } else {
                merged.append(clipped)
            }
        }
        return merged
    }
}
