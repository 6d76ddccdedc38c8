/// A day of the week, numbered like Foundation's `Calendar` (1 = Sunday … 7 = Saturday).
///
/// Holiday rules are phrased in weekdays ("the fourth Thursday of November"), so the calendar code compares
/// against these cases rather than against raw numbers.
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    /// Sunday.
    case sunday = 1
    /// Monday.
    case monday
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday

    /// Whether this is Saturday or Sunday, when US exchanges never hold a regular session.
    public var isWeekend: Bool {
        self == .saturday || self == .sunday
    }
}
