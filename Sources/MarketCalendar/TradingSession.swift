/// One trading day's session of a ``SessionKind``: when the market is open, as a UTC interval.
public struct TradingSession: Sendable, Hashable, CustomStringConvertible {
    /// The trading day the session belongs to (for overnight sessions, the date on which it ends).
    ///
    /// Daily bars are stamped with this date.
    public let tradingDay: CivilDate
    /// The open interval in UTC epoch seconds, half-open: `[open, close)`.
    public let interval: Range<Int64>
    /// Whether the session is shorter than usual (an early close or a holiday-shortened futures session).
    public let isShortened: Bool

    /// Creates a session.
    ///
    /// - Parameters:
    ///   - tradingDay: The trading day.
    ///   - interval: The open interval in UTC epoch seconds.
    ///   - isShortened: Whether the session ends early.
    public init(tradingDay: CivilDate, interval: Range<Int64>, isShortened: Bool) {
        self.tradingDay = tradingDay
        self.interval = interval
        self.isShortened = isShortened
    }

    /// `yyyy-MM-dd [open, close)` for test failures.
    public var description: String {
        "\(tradingDay) [\(interval.lowerBound), \(interval.upperBound))\(isShortened ? " shortened" : "")"
    }
}
