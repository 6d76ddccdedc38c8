/// The CME Globex calendar for equity-index futures (ES, NQ, RTY).
///
/// Globex trades on almost every US holiday, so only three holidays close it all day: New Year's Day, Good
/// Friday and Christmas Day, on their observed dates (Sunday → Monday; Christmas on a Saturday → Friday; a
/// Saturday New Year's Day is not observed, as at the NYSE). On the other NYSE holidays and on NYSE early-close
/// days the session is abbreviated rather than cancelled, see ``sessionEnd(on:)``.
///
/// A CME trading day is named after the date its session ends: the session for Monday opens on Sunday
/// evening. The simulator ignores CME's occasional one-off changes (for example a shortened Good Friday
/// session when payrolls are published that day).
public enum CMECalendar {
    /// When the Globex session of a trading day ends, which is all that differs between day types.
    public enum SessionEnd: Sendable, Hashable {
        /// 16:00 Chicago time, then the daily halt until 17:00.
        case regular
        /// 12:15 Chicago time, on NYSE early-close days (Friday after Thanksgiving, Christmas Eve, July 3).
        case early
        /// 12:00 Chicago time, on NYSE holidays that CME does not observe (for example Thanksgiving).
        case holiday
    }

    /// Whether Globex holds a session for the trading day `date`.
    ///
    /// - Parameter date: The Chicago date on which the session ends.
    /// - Returns: `true` for Monday–Friday dates that are not CME closures.
    public static func isTradingDay(_ date: CivilDate) -> Bool {
        !date.weekday.isWeekend && closureName(on: date) == nil
    }

    /// The name of the full closure on `date`, or `nil`.
    ///
    /// - Parameter date: The Chicago date.
    /// - Returns: `"New Year's Day"`, `"Good Friday"`, `"Christmas Day"` (with "(observed)" when moved), or `nil`.
    public static func closureName(on date: CivilDate) -> String? {
        guard !date.weekday.isWeekend, let name = NYSECalendar.holidayName(on: date) else {
            return nil
        }
        let closes = name.hasPrefix("New Year's Day") || name == "Good Friday" || name.hasPrefix("Christmas Day")
        return closes ? name : nil
    }

    /// All full closures in a calendar year, in date order.
    ///
    /// - Parameter year: The year.
    /// - Returns: The closed dates with their names.
    public static func closures(in year: Int) -> [MarketHoliday] {
        NYSECalendar.holidays(in: year).filter { closureName(on: $0.date) != nil }
    }

    /// How the session of a trading day ends.
    ///
    /// - Parameter date: A CME trading day.
    /// - Returns: ``SessionEnd/holiday`` on NYSE holidays, ``SessionEnd/early`` on NYSE early-close days,
    ///   otherwise ``SessionEnd/regular``.
    public static func sessionEnd(on date: CivilDate) -> SessionEnd {
        if NYSECalendar.holidayName(on: date) != nil {
            return .holiday
        }
        if NYSECalendar.earlyClose(on: date) {
            return .early
        }
        return .regular
    }
}
