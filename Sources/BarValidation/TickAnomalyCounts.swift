/// What ``TickValidator`` found wrong in a page, by kind; `+` adds two pages' counts.
public struct TickAnomalyCounts: Sendable, Hashable, CustomStringConvertible {
    /// Ticks sent out of time order; they are stored in time order (IB's order within a second is kept).
    public var outOfOrder = 0
    /// Ticks before the page's start or at or after its session's end: dropped (another chain has them).
    public var outsideSession = 0
    /// Trade or midpoint prices that are zero or negative: dropped.
    public var nonPositivePrice = 0
    /// Numbers that are not decimal text (`NaN`, empty): dropped.
    public var notANumber = 0
    /// Quotes with the bid above the ask: kept (IB does send them), counted.
    public var crossedQuotes = 0
    /// A page that was one second holding exactly the requested count: that second may hold more than IB sends.
    public var possiblyTruncatedSecond = 0

    public init() {}

    /// Every anomaly, whether the tick was kept or not.
    public var total: Int {
        outOfOrder + outsideSession + nonPositivePrice + notANumber + crossedQuotes + possiblyTruncatedSecond
    }

    /// `crossedQuotes=2 outsideSession=1`, only the non-zero counts.
    public var description: String {
        let counts = [
            ("outOfOrder", outOfOrder), ("outsideSession", outsideSession), ("nonPositivePrice", nonPositivePrice),
            ("notANumber", notANumber), ("crossedQuotes", crossedQuotes),
            ("possiblyTruncatedSecond", possiblyTruncatedSecond),
        ]
        let text = counts.filter { $0.1 > 0 }.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        return text.isEmpty ? "none" : text
    }
}
