import MarketCalendar
import TWSProtocol

extension SeriesPlanner {
    /// The end of the last complete bar at `now`: the plan never reaches past it, so a bar still forming is
    /// never stored as final and then skipped by the next incremental backfill as covered.
    ///
    /// Intraday bars end at `now` rounded down to the bar size on the exchange's wall clock (the same instant
    /// in UTC for sizes dividing an hour). Daily bars end at the close of the last session that ended by `now`;
    /// weekly and monthly bars at the last close before the current week (Monday 00:00 UTC) or month began.
    /// Without a calendar, daily and longer bars end at 00:00 UTC of the current day, week or month.
    func completedDataEnd(kind: SessionKind?) -> Int64 {
        let size = Int64(barSize.seconds)
        if size < 86_400 {
            let offset = kind?.timeZone.utcOffset(at: now) ?? 0
            return now - Self.floorModulo(now + offset, size)
        }
        let today = CivilDate(utcEpochSeconds: now)
        let cut: Int64
        switch barSize.seconds {
        case 86_400:
            cut = kind == nil ? today.utcMidnight : now
        case 604_800:
            cut = today.adding(days: -((today.weekday.rawValue + 5) % 7)).utcMidnight
        default:
            cut = today.adding(days: 1 - today.day).utcMidnight
        }
        guard let kind else {
            return cut
        }
        let recent = TradingSessions.sessions(kind: kind, from: cut - 10 * 86_400, to: cut, regularHoursOnly: useRTH)
        return recent.last(where: { $0.interval.upperBound <= cut })?.interval.upperBound ?? cut - 10 * 86_400
    }

    /// Six calendar months before `now` (same time of day; the 31st becomes the month's last day): IB keeps bars
    /// of 30 seconds or less no longer (ib-protocol.md §4.4).
    func sixMonthCutoff() -> Int64 {
        let today = CivilDate(utcEpochSeconds: now)
        var year = today.year
        var month = today.month - 6
        if month < 1 {
            month += 12
            year -= 1
        }
        let day = min(today.day, CivilDate.daysInMonth(year: year, month: month))
        let date = CivilDate(year: year, month: month, day: day) ?? today
        return date.utcMidnight + (now - today.utcMidnight)
    }

    static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
