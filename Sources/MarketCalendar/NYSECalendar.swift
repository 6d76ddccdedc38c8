/// The New York Stock Exchange trading calendar: full-day closures and 13:00 early closes.
///
/// Stocks, ETFs and the Cboe index sessions all follow these days. The rules are exact for 1990–2035
/// (``exactYears``); for other years the same modern rules are applied, which is good enough for a simulator
/// but ignores older practice (for example Election Day closures before 1981).
///
/// Full-day closures:
/// - New Year's Day; on a Sunday it is observed Monday, on a Saturday it is **not** observed (NYSE Rule 7.2:
///   the preceding Friday ends an accounting year, so the exchange stays open).
/// - Martin Luther King Jr. Day, third Monday of January, from 1998.
/// - Washington's Birthday, third Monday of February.
/// - Good Friday, two days before Gregorian Easter Sunday.
/// - Memorial Day, last Monday of May.
/// - Juneteenth, June 19, from 2022; Saturday → Friday, Sunday → Monday.
/// - Independence Day, July 4; Saturday → Friday, Sunday → Monday.
/// - Labor Day, first Monday of September.
/// - Thanksgiving Day, fourth Thursday of November.
/// - Christmas Day, December 25; Saturday → Friday, Sunday → Monday.
/// - Unscheduled closures listed in ``specialClosures`` (national days of mourning, 9/11, Hurricane Sandy).
///
/// Early closes (13:00 New York, see ``earlyClose(on:)``): the Friday after Thanksgiving, Christmas Eve when it
/// is a Monday–Thursday, and July 3 when it is a Monday–Thursday (that is, when July 4 falls Tuesday–Friday).
/// Each applies only if the day is itself a trading day.
public enum NYSECalendar {
    /// The years for which the calendar is verified to match the exchange's published schedule.
    public static let exactYears: ClosedRange<Int> = 1990...2035

    /// Closures outside the regular holiday rules, in date order.
    public static let specialClosures: [MarketHoliday] = [
        special(1994, 4, 27, "National Day of Mourning for President Nixon"),
        special(2001, 9, 11, "September 11 attacks"),
        special(2001, 9, 12, "September 11 attacks"),
        special(2001, 9, 13, "September 11 attacks"),
        special(2001, 9, 14, "September 11 attacks"),
        special(2004, 6, 11, "National Day of Mourning for President Reagan"),
        special(2007, 1, 2, "National Day of Mourning for President Ford"),
        special(2012, 10, 29, "Hurricane Sandy"),
        special(2012, 10, 30, "Hurricane Sandy"),
        special(2018, 12, 5, "National Day of Mourning for President George H. W. Bush"),
        special(2025, 1, 9, "National Day of Mourning for President Carter"),
    ]

    /// Whether the exchange holds a session on `date` (a weekday that is not a holiday).
    ///
    /// - Parameter date: The New York date.
    /// - Returns: `true` on trading days, including early-close days.
    public static func isTradingDay(_ date: CivilDate) -> Bool {
        !date.weekday.isWeekend && holidayName(on: date) == nil
    }

    /// The name of the full-day closure on `date`, or `nil` if `date` is not a holiday.
    ///
    /// Weekends are not reported as holidays.
    ///
    /// - Parameter date: The New York date.
    /// - Returns: The holiday name, with "(observed)" when the holiday moved off a weekend.
    public static func holidayName(on date: CivilDate) -> String? {
        let weekday = date.weekday
        guard !weekday.isWeekend else {
            return nil
        }
        if let name = specialClosureName(on: date) {
            return name
        }
        if let name = ruleHolidayName(date: date, weekday: weekday) {
            return name
        }
        return nil
    }

    /// All full-day closures that fall in a calendar year, in date order.
    ///
    /// - Parameter year: The year.
    /// - Returns: The holidays with their names; a New Year's Day on Saturday contributes nothing.
    public static func holidays(in year: Int) -> [MarketHoliday] {
        guard let first = CivilDate(year: year, month: 1, day: 1) else {
            return []
        }
        let length = CivilDate.isLeapYear(year) ? 366 : 365
        var result: [MarketHoliday] = []
        for offset in 0..<length {
            let date = first.adding(days: offset)
            if let name = holidayName(on: date) {
                result.append(MarketHoliday(date: date, name: name))
            }
        }
        return result
    }

    /// Whether the regular session ends early, at 13:00 New York time, on `date`.
    ///
    /// - Parameter date: The New York date.
    /// - Returns: `true` for a trading day that is the day after Thanksgiving, a Monday–Thursday Christmas Eve,
    ///   or a Monday–Thursday July 3.
    public static func earlyClose(on date: CivilDate) -> Bool {
        guard isTradingDay(date) else {
            return false
        }
        let weekday = date.weekday
        switch (date.month, date.day) {
        case (11, 23...29):
            return weekday == .friday
        case (12, 24), (7, 3):
            return weekday != .friday
        default:
            return false
        }
    }

    /// All early-close days in a calendar year, in date order.
    ///
    /// - Parameter year: The year.
    /// - Returns: The dates on which the session ends at 13:00 New York time.
    public static func earlyCloses(in year: Int) -> [CivilDate] {
        [(7, 3), (11, 23), (11, 24), (11, 25), (11, 26), (11, 27), (11, 28), (11, 29), (12, 24)]
            .compactMap { CivilDate(year: year, month: $0.0, day: $0.1) }
            .filter { earlyClose(on: $0) }
    }

    private static func special(_ year: Int, _ month: Int, _ day: Int, _ name: String) -> MarketHoliday {
        MarketHoliday(date: CivilDate(uncheckedYear: year, month: month, day: day), name: name)
    }

    private static func specialClosureName(on date: CivilDate) -> String? {
        guard date.year >= 1994, date.year <= 2025 else {
            return nil
        }
        return specialClosures.first { $0.date == date }?.name
    }

    /// The regular holiday rules, evaluated for a weekday. Each rule checks the weekday and day-of-month window
    /// that its definition implies, so no per-year list has to be built.
    private static func ruleHolidayName(date: CivilDate, weekday: Weekday) -> String? {
        let day = date.day
        switch date.month {
        case 1:
            if day == 1 {
                return "New Year's Day"
            }
            if day == 2, weekday == .monday {
                return "New Year's Day (observed)"
            }
            if date.year >= 1998, weekday == .monday, (15...21).contains(day) {
                return "Martin Luther King Jr. Day"
            }
        case 2:
            if weekday == .monday, (15...21).contains(day) {
                return "Washington's Birthday"
            }
        case 3, 4:
            if weekday == .friday, CivilDate.easterSunday(year: date.year).adding(days: -2) == date {
                return "Good Friday"
            }
        case 5:
            if weekday == .monday, day >= 25 {
                return "Memorial Day"
            }
        case 6:
            if date.year >= 2022, let name = observed(day: day, holiday: 19, weekday: weekday, name: "Juneteenth") {
                return name
            }
        case 7:
            return observed(day: day, holiday: 4, weekday: weekday, name: "Independence Day")
        case 9:
            if weekday == .monday, day <= 7 {
                return "Labor Day"
            }
        case 11:
            if weekday == .thursday, (22...28).contains(day) {
                return "Thanksgiving Day"
            }
        case 12:
            return observed(day: day, holiday: 25, weekday: weekday, name: "Christmas Day")
        default:
            break
        }
        return nil
    }

    /// A fixed-date holiday moved to Friday when it falls on Saturday and to Monday when it falls on Sunday.
    private static func observed(day: Int, holiday: Int, weekday: Weekday, name: String) -> String? {
        if day == holiday {
            return name
        }
        if (day == holiday - 1 && weekday == .friday) || (day == holiday + 1 && weekday == .monday) {
            return name + " (observed)"
        }
        return nil
    }
}
