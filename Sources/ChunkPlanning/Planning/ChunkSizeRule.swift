import TWSProtocol

/// How much time one request covers for one bar size: the entry of a ``ChunkSizeTable``.
///
/// There are two spans because the same bar size yields very different bar counts per day: about 6.5 trading
/// hours a day for US stocks in regular hours, indices and CME futures in regular hours ("short sessions"),
/// but up to 24 hours, seven days a week, for all-hours stocks and futures, currencies and crypto ("long
/// sessions"). Instruments without a known calendar use the long span, which is never too big.
public struct ChunkSizeRule: Sendable, Hashable {
    /// The bar size the rule is for.
    public let barSize: BarSizeSetting
    /// The span per request when sessions last at most 6¾ hours on weekdays.
    public let shortSessions: IBDuration
    /// The span per request for anything else (sessions up to 24 hours, every day).
    public let longSessions: IBDuration

    /// Creates a rule without checking it; ``ChunkSizeTable`` checks every rule it holds.
    ///
    /// - Parameters:
    ///   - barSize: The bar size.
    ///   - shortSessions: The span for short sessions.
    ///   - longSessions: The span for long sessions.
    public init(barSize: BarSizeSetting, shortSessions: IBDuration, longSessions: IBDuration) {
        self.barSize = barSize
        self.shortSessions = shortSessions
        self.longSessions = longSessions
    }

    /// The span for one kind of session.
    ///
    /// - Parameter longSessions: `true` for instruments that trade (almost) around the clock in the requested
    ///   hours, or whose calendar is unknown.
    /// - Returns: ``longSessions`` or ``shortSessions``.
    public func duration(longSessions: Bool) -> IBDuration {
        longSessions ? self.longSessions : shortSessions
    }
}
