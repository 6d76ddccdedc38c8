import MarketCalendar

/// A session a series should have bars for: its span, and the date its daily bar carries.
public struct ExpectedSession: Sendable, Hashable {
    /// UTC epoch seconds.
    public var interval: Range<Int64>
    /// 00:00 UTC of the trading day: where a daily bar of this session is stored (DESIGN invariant 8).
    public var dailyStamp: Int64

    public init(interval: Range<Int64>, dailyStamp: Int64) {
        self.interval = interval
        self.dailyStamp = dailyStamp
    }

    /// The closed sessions of an instrument's calendar inside `[from, to)`, clipped to it: regular hours only
    /// with `useRTH`; UTC days for an instrument without a calendar.
    ///
    /// - Parameters:
    ///   - kind: The calendar, or `nil`.
    ///   - useRTH: Regular trading hours only.
    ///   - from: UTC epoch seconds.
    ///   - to: UTC epoch seconds; sessions closing after it are left out (not over yet).
    public static func sessions(kind: SessionKind?, useRTH: Bool, from: Int64, to: Int64) -> [ExpectedSession] {
        guard from < to else { return [] }
        guard let kind else {
            // UTC days, as the scheduler closes them; a day's bar is stamped with its own midnight.
            return SessionCloseSchedule(kind: nil, useRTH: useRTH, delay: 0).sessions(from: from, to: to).compactMap {
                day in
                day.upperBound <= to
                    ? ExpectedSession(interval: max(day.lowerBound, from)..<day.upperBound, dailyStamp: day.lowerBound)
                    : nil
            }
        }
        return TradingSessions.sessions(kind: kind, from: from, to: to, regularHoursOnly: useRTH).compactMap {
            session in
            guard session.interval.upperBound <= to else { return nil }
            let span = max(session.interval.lowerBound, from)..<session.interval.upperBound
            return span.isEmpty ? nil : ExpectedSession(interval: span, dailyStamp: session.tradingDay.utcMidnight)
        }
    }
}
