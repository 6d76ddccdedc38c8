/// The two US time zones the simulated exchanges use, with the US daylight-saving rules built in.
///
/// Exchange hours are wall-clock times ("09:30 New York"), but bars and requests are UTC instants. This type
/// converts between them without Foundation's `TimeZone`, so the results are identical on every host and
/// every tzdata version, and the rules are visible in one place:
///
/// - 2007 onward: DST from the second Sunday of March, 02:00 local standard time, to the first Sunday of
///   November, 02:00 local daylight time (Energy Policy Act of 2005).
/// - 1987–2006: first Sunday of April to the last Sunday of October, same local times.
/// - 1967–1986: last Sunday of April to the last Sunday of October, except the energy-crisis years 1974
///   (from January 6) and 1975 (from February 23).
/// - Before 1967: no daylight-saving time (older local rules are out of scope).
public enum USTimeZone: Sendable, Hashable, CaseIterable {
    /// US Eastern time (New York): UTC−5, UTC−4 in summer. NYSE, Nasdaq, Cboe and IDEALPRO's day boundary.
    case eastern
    /// US Central time (Chicago): UTC−6, UTC−5 in summer. CME Globex.
    case central

    /// The identifier IB uses in contract details (`timeZoneId`).
    public var identifier: String {
        switch self {
        case .eastern: "US/Eastern"
        case .central: "US/Central"
        }
    }

    /// The IANA identifier, for tools that need one.
    public var ianaIdentifier: String {
        switch self {
        case .eastern: "America/New_York"
        case .central: "America/Chicago"
        }
    }

    /// The zone's offset from UTC in winter, in seconds (negative: west of Greenwich).
    public var standardOffset: Int64 {
        switch self {
        case .eastern: -5 * 3_600
        case .central: -6 * 3_600
        }
    }

    /// The UTC instants when daylight-saving time starts and ends in `year`, or `nil` if the year has none.
    ///
    /// Daylight time is in effect for instants `t` with `start <= t < end`.
    ///
    /// - Parameter year: The year.
    /// - Returns: The half-open range of UTC epoch seconds under daylight time.
    public func daylightSavingInterval(year: Int) -> Range<Int64>? {
        guard let (startDate, endDate) = Self.daylightSavingDates(year: year) else {
            return nil
        }
        // Both switches happen at 02:00 local clock time: standard time for the start, daylight for the end.
        let start = startDate.utcMidnight + 7_200 - standardOffset
        let end = endDate.utcMidnight + 7_200 - (standardOffset + 3_600)
        return start..<end
    }

    /// The offset from UTC, in seconds, in effect at a UTC instant.
    ///
    /// - Parameter utc: Epoch seconds.
    /// - Returns: `standardOffset`, or `standardOffset + 3600` under daylight time.
    public func utcOffset(at utc: Int64) -> Int64 {
        isDaylightSavingTime(at: utc) ? standardOffset + 3_600 : standardOffset
    }

    /// Whether daylight-saving time is in effect at a UTC instant.
    ///
    /// - Parameter utc: Epoch seconds.
    /// - Returns: `true` under daylight time.
    public func isDaylightSavingTime(at utc: Int64) -> Bool {
        // The local year can differ from the UTC year only around New Year, far from any switch.
        let year = CivilDate(utcEpochSeconds: utc).year
        return daylightSavingInterval(year: year)?.contains(utc) ?? false
    }

    /// Converts a local wall-clock time to a UTC instant.
    ///
    /// Two local times need a rule. In the repeated hour of the autumn switch (01:00–01:59 twice) the first,
    /// daylight-time occurrence is returned. A time in the skipped hour of the spring switch (02:00–02:59) does
    /// not exist; it is read with the standard offset, which lands one hour later on the clock (02:30 → 03:30
    /// daylight time), as most time libraries do. Exchange sessions never start or end in either hour.
    ///
    /// - Parameters:
    ///   - date: The local date.
    ///   - secondsOfDay: Seconds since local midnight; values outside 0..<86400 roll into adjacent days.
    /// - Returns: Epoch seconds.
    public func utcInstant(date: CivilDate, secondsOfDay: Int64) -> Int64 {
        let wallClock = date.utcMidnight + secondsOfDay
        let asDaylight = wallClock - (standardOffset + 3_600)
        if isDaylightSavingTime(at: asDaylight) {
            return asDaylight
        }
        return wallClock - standardOffset
    }

    /// The local date at a UTC instant.
    ///
    /// - Parameter utc: Epoch seconds.
    /// - Returns: The calendar date on a wall clock in this zone.
    public func localDate(at utc: Int64) -> CivilDate {
        CivilDate(utcEpochSeconds: utc + utcOffset(at: utc))
    }

    /// Seconds since local midnight at a UTC instant (0..<86400).
    ///
    /// - Parameter utc: Epoch seconds.
    /// - Returns: The local time of day in seconds.
    public func localSecondsOfDay(at utc: Int64) -> Int64 {
        let local = utc + utcOffset(at: utc)
        return local - CivilDate.floorDivide(local, 86_400) * 86_400
    }

    private static func daylightSavingDates(year: Int) -> (CivilDate, CivilDate)? {
        let start: CivilDate?
        let end: CivilDate?
        switch year {
        case 2007...:
            start = CivilDate.nth(2, .sunday, month: 3, year: year)
            end = CivilDate.nth(1, .sunday, month: 11, year: year)
        case 1987...2006:
            start = CivilDate.nth(1, .sunday, month: 4, year: year)
            end = CivilDate.last(.sunday, month: 10, year: year)
        case 1974:
            start = CivilDate(year: 1974, month: 1, day: 6)
            end = CivilDate.last(.sunday, month: 10, year: year)
        case 1975:
            start = CivilDate(year: 1975, month: 2, day: 23)
            end = CivilDate.last(.sunday, month: 10, year: year)
        case 1967...1986:
            start = CivilDate.last(.sunday, month: 4, year: year)
            end = CivilDate.last(.sunday, month: 10, year: year)
        default:
            return nil
        }
        guard let start, let end else {
            return nil
        }
        return (start, end)
    }
}
