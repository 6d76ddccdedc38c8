/// A calendar date in the proleptic Gregorian calendar, with no time of day and no time zone.
///
/// Exchange calendars are defined in dates ("the third Monday of January"), while the wire protocol and the
/// database use epoch seconds. `CivilDate` is the bridge: it converts to and from a day count since
/// 1970-01-01 with pure integer arithmetic, so it is exact for every year and never depends on the host's
/// time zone or on Foundation.
///
/// Values are always valid dates: the only way to build one from loose numbers is the failable
/// ``init(year:month:day:)``.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, for example 2024. Years before 1 are allowed (astronomical numbering) but are never used here.
    public let year: Int
    /// The month, 1 (January) to 12 (December).
    public let month: Int
    /// The day of the month, 1 to 28…31.
    public let day: Int

    /// Creates a date after checking that it exists.
    ///
    /// Returns `nil` for impossible dates such as 2023-02-29 or 2024-13-01, so input from clients or files can
    /// be validated without trapping.
    ///
    /// - Parameters:
    ///   - year: The year.
    ///   - month: The month, 1…12.
    ///   - day: The day of the month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date that lies `daysSinceEpoch` days after 1970-01-01 (negative values lie before it).
    ///
    /// - Parameter daysSinceEpoch: Whole days since 1970-01-01.
    public init(daysSinceEpoch: Int) {
        let ordinal = daysSinceEpoch + Self.ordinalOf1970  // 0 = 0001-01-01
        // The mean Gregorian year is 365.2425 days, so this guess is off by at most one year either way.
        var year = Int((Double(ordinal) / 365.2425).rounded(.down)) + 1
        while Self.ordinalOfJanuaryFirst(year) > ordinal {
            year -= 1
        }
        while Self.ordinalOfJanuaryFirst(year + 1) <= ordinal {
            year += 1
        }
        var remaining = ordinal - Self.ordinalOfJanuaryFirst(year)
        var month = 1
        while month < 12 {
            let length = Self.daysInMonth(year: year, month: month)
            guard remaining >= length else {
                break
            }
            remaining -= length
            month += 1
        }
        self.init(uncheckedYear: year, month: month, day: remaining + 1)
    }

    /// Creates the UTC date that contains the instant `epochSeconds`.
    ///
    /// - Parameter epochSeconds: Seconds since 1970-01-01 00:00:00 UTC.
    public init(utcEpochSeconds epochSeconds: Int64) {
        self.init(daysSinceEpoch: Int(Self.floorDivide(epochSeconds, 86_400)))
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whole days between 1970-01-01 and this date (negative before 1970).
    public var daysSinceEpoch: Int {
        Self.ordinalOfJanuaryFirst(year) + Self.daysBeforeMonth(year: year, month: month) + day - 1
            - Self.ordinalOf1970
    }

    /// The instant this date starts in UTC (00:00:00Z), in epoch seconds.
    ///
    /// Daily bars are stamped with this instant, and it is the anchor for local wall-clock conversions.
    public var utcMidnight: Int64 {
        Int64(daysSinceEpoch) * 86_400
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((daysSinceEpoch + 4) % 7 + 7) % 7
        return Weekday(rawValue: index + 1) ?? .sunday
    }

    /// Returns the date `days` days later (earlier when negative).
    ///
    /// - Parameter days: The number of days to add.
    /// - Returns: The shifted date.
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Whole days from this date to `other` (positive when `other` is later).
    ///
    /// - Parameter other: The later date.
    /// - Returns: `other.daysSinceEpoch - daysSinceEpoch`.
    public func days(to other: CivilDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The date in ISO form, `yyyy-MM-dd`, for logs and test failures.
    public var description: String {
        let text = yyyyMMdd
        guard text.count == 8 else {
            return text
        }
        let chars = Array(text)
        return String(chars[0..<4]) + "-" + String(chars[4..<6]) + "-" + String(chars[6..<8])
    }

    /// Chronological order.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether `year` has a February 29 (Gregorian rule: every 4th year, except centuries not divisible by 400).
    ///
    /// - Parameter year: The year.
    /// - Returns: `true` for leap years.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month, or 0 for a month outside 1…12.
    ///
    /// - Parameters:
    ///   - year: The year (matters for February).
    ///   - month: The month, 1…12.
    /// - Returns: 28…31, or 0 for an invalid month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    /// Days from 0001-01-01 to January 1 of `year`: 365 per year plus one per leap year before it.
    static func ordinalOfJanuaryFirst(_ year: Int) -> Int {
        let previous = year - 1
        return 365 * previous + floorDivide(previous, 4) - floorDivide(previous, 100) + floorDivide(previous, 400)
    }

    static let ordinalOf1970 = ordinalOfJanuaryFirst(1970)

    private static let daysBeforeMonthInCommonYear = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    static func daysBeforeMonth(year: Int, month: Int) -> Int {
        let index = min(max(month, 1), 12) - 1
        return daysBeforeMonthInCommonYear[index] + (month > 2 && isLeapYear(year) ? 1 : 0)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        Int(floorDivide(Int64(value), Int64(divisor)))
    }

    /// Division that rounds toward negative infinity, so instants before 1970 map to the right day.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
