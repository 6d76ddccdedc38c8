import MarketCalendar

extension BarGenerator {
    /// One bar per trading day whose session has data in the window, aggregating the whole session.
    func dailyBars(source: inout MinuteSource, useRTH: Bool, window: Range<Int64>) -> [SimulatedBar] {
        let kind = source.instrument.sessionKind
        var result: [SimulatedBar] = []
        let sessions = TradingSessions.sessions(
            kind: kind,
            from: window.lowerBound,
            to: window.upperBound,
            regularHoursOnly: useRTH
        )
        for session in sessions {
            guard let day = Self.dayAggregate(source: &source, session: session, useRTH: useRTH, window: window),
                day.touchesWindow
            else {
                continue
            }
            let start = session.tradingDay.utcMidnight
            result.append(day.bar(whatToShow: source.whatToShow, instrument: source.instrument, start: start))
        }
        return result
    }

    /// Weekly (Monday–Sunday) or monthly bars: every period with data in the window, aggregated over all of
    /// its trading days and stamped with the first of them.
    func periodBars(source: inout MinuteSource, weekly: Bool, useRTH: Bool, window: Range<Int64>) -> [SimulatedBar] {
        let kind = source.instrument.sessionKind
        let sessions = TradingSessions.sessions(
            kind: kind,
            from: window.lowerBound,
            to: window.upperBound,
            regularHoursOnly: useRTH
        )
        var periods: [CivilDate] = []
        for session in sessions {
            let key = Self.periodStart(of: session.tradingDay, weekly: weekly)
            if periods.last != key {
                periods.append(key)
            }
        }
        var result: [SimulatedBar] = []
        for first in periods {
            let length = weekly ? 7 : CivilDate.daysInMonth(year: first.year, month: first.month)
            var total: Aggregate?
            var firstDay: CivilDate?
            for offset in 0..<length {
                let date = first.adding(days: offset)
                guard let session = TradingSessions.session(kind: kind, tradingDay: date, regularHoursOnly: useRTH),
                    let day = Self.dayAggregate(source: &source, session: session, useRTH: useRTH, window: window)
                else {
                    continue
                }
                if total == nil {
                    total = day
                    firstDay = date
                } else {
                    total?.merge(day)
                }
            }
            if let total, let firstDay, total.touchesWindow {
                let bar = total.bar(
                    whatToShow: source.whatToShow,
                    instrument: source.instrument,
                    start: firstDay.utcMidnight
                )
                result.append(bar)
            }
        }
        return result
    }

    /// The aggregate of a whole session (limited to the instrument's data range), marked as touching the window
    /// when any of its data lies inside it; `nil` when the session has no data.
    static func dayAggregate(
        source: inout MinuteSource,
        session: TradingSession,
        useRTH: Bool,
        window: Range<Int64>
    ) -> Aggregate? {
        var total: Aggregate?
        var first: Int64 = .max
        var last: Int64 = .min
        forEachMinute(source: &source, useRTH: useRTH, in: session.interval) { minute in
            let start = minute.sample.start
            first = min(first, start)
            last = max(last, start + 60)
            if total == nil {
                total = Aggregate(minute.sample, touchesWindow: false)
            } else {
                total?.add(minute.sample, touchesWindow: false)
            }
        }
        guard var total else {
            return nil
        }
        total.touchesWindow = (first..<last).overlaps(window)
        return total
    }

    static func periodStart(of date: CivilDate, weekly: Bool) -> CivilDate {
        guard weekly else {
            return date.adding(days: 1 - date.day)
        }
        let sinceMonday = (date.weekday.rawValue + 5) % 7
        return date.adding(days: -sinceMonday)
    }
}
