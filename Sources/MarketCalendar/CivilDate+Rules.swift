extension CivilDate {
    /// The `ordinal`-th given weekday of a month, for rules like "the third Monday of January".
    ///
    /// - Parameters:
    ///   - ordinal: 1 for the first occurrence, 2 for the second, and so on.
    ///   - weekday: The weekday to find.
    ///   - month: The month, 1…12.
    ///   - year: The year.
    /// - Returns: The date, or `nil` when the month has no such occurrence or the month is invalid.
    public static func nth(_ ordinal: Int, _ weekday: Weekday, month: Int, year: Int) -> CivilDate? {
        guard ordinal >= 1, let first = CivilDate(year: year, month: month, day: 1) else {
            return nil
        }
        let offset = ((weekday.rawValue - first.weekday.rawValue) % 7 + 7) % 7
        let day = 1 + offset + (ordinal - 1) * 7
        return CivilDate(year: year, month: month, day: day)
    }

    /// The last given weekday of a month, for rules like "the last Monday of May".
    ///
    /// - Parameters:
    ///   - weekday: The weekday to find.
    ///   - month: The month, 1…12.
    ///   - year: The year.
    /// - Returns: The date, or `nil` for an invalid month.
    public static func last(_ weekday: Weekday, month: Int, year: Int) -> CivilDate? {
        let length = daysInMonth(year: year, month: month)
        guard let end = CivilDate(year: year, month: month, day: length) else {
            return nil
        }
        let back = ((end.weekday.rawValue - weekday.rawValue) % 7 + 7) % 7
        return end.adding(days: -back)
    }

    /// Easter Sunday of a Gregorian year, which fixes Good Friday (two days earlier).
    ///
    /// Uses the Gregorian ecclesiastical computus: the epact (age of the moon on January 1) from the golden
    /// number with the century corrections for the solar and lunar calendars, the paschal full moon derived
    /// from it, then the following Sunday.
    ///
    /// - Parameter year: The year (1583 or later for meaningful results).
    /// - Returns: The date of Easter Sunday, always between March 22 and April 25.
    public static func easterSunday(year: Int) -> CivilDate {
        let golden = year % 19 + 1
        let century = year / 100 + 1
        let droppedLeapDays = 3 * century / 4 - 12  // Gregorian leap-year omissions so far
        let moonCorrection = (8 * century + 5) / 25 - 5  // drift of the 19-year lunar cycle
        var epact = ((11 * golden + 20 + moonCorrection - droppedLeapDays) % 30 + 30) % 30
        if epact == 24 || (epact == 25 && golden > 11) {
            epact += 1
        }
        var fullMoon = 44 - epact  // day of March, may exceed 31
        if fullMoon < 21 {
            fullMoon += 30
        }
        let sundayKey = 5 * year / 4 - droppedLeapDays - 10
        let sunday = fullMoon + 7 - (sundayKey + fullMoon) % 7
        if sunday > 31 {
            return CivilDate(uncheckedYear: year, month: 4, day: sunday - 31)
        }
        return CivilDate(uncheckedYear: year, month: 3, day: sunday)
    }
}
