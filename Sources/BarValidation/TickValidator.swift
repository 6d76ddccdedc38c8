import TWSProtocol

/// Checks one page of historical ticks before it is stored, and gives each tick its position in its second.
///
/// - Positions come from IB's order after a stable sort by time, before anything is dropped, so dropping a bad
///   tick never shifts the keys of good ones.
/// - Kept: every tick in `[pageStart, sessionEnd)` with decimal numbers and, for trades and midpoints, a positive
///   price. Quotes keep their sides as sent (a zero size or a crossed quote is IB's data, counted when crossed).
public struct TickValidator: Sendable {
    /// The page's first second (inclusive).
    public let pageStart: Int64
    /// The session's end (exclusive).
    public let sessionEnd: Int64
    /// Which reply the ticks came in.
    public let kind: HistoricalTick.Kind

    /// Creates a validator for one page.
    public init(pageStart: Int64, sessionEnd: Int64, kind: HistoricalTick.Kind) {
        self.pageStart = pageStart
        self.sessionEnd = sessionEnd
        self.kind = kind
    }

    /// The page's ticks to store, and what was wrong.
    public func validate(_ ticks: [HistoricalTick]) -> (ticks: [StoredTick], anomalies: TickAnomalyCounts) {
        var anomalies = TickAnomalyCounts()
        var ordered = ticks
        if zip(ticks, ticks.dropFirst()).contains(where: { $0.time > $1.time }) {
            anomalies.outOfOrder = zip(ticks, ticks.dropFirst()).filter { $0.time > $1.time }.count
            ordered = ticks.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                .map(\.element)
        }
        var kept: [StoredTick] = []
        kept.reserveCapacity(ordered.count)
        var second = Int64.min
        var position = 0
        for tick in ordered {
            if tick.time != second {
                (second, position) = (tick.time, 0)
            } else {
                position += 1
            }
            guard tick.time >= pageStart, tick.time < sessionEnd else {
                anomalies.outsideSession += 1
                continue
            }
            guard let problem = problem(of: tick) else {
                kept.append(StoredTick(tick: tick, position: position))
                continue
            }
            switch problem {
            case .notANumber: anomalies.notANumber += 1
            case .nonPositivePrice: anomalies.nonPositivePrice += 1
            case .crossed:
                anomalies.crossedQuotes += 1
                kept.append(StoredTick(tick: tick, position: position))
            }
        }
        return (kept, anomalies)
    }

    private enum Problem {
        case notANumber, nonPositivePrice, crossed
    }

    private func problem(of tick: HistoricalTick) -> Problem? {
        switch kind {
        case .trade, .midpoint:
            guard let price = DecimalText.value(tick.price) else { return .notANumber }
            // A midpoint tick's size is 0 or empty; a trade's must be a number.
            if kind == .trade, DecimalText.value(tick.size) == nil { return .notANumber }
            return price > 0 ? nil : .nonPositivePrice
        case .bidAsk:
            guard let bid = DecimalText.value(tick.price), let ask = DecimalText.value(tick.askPrice),
                DecimalText.value(tick.size) != nil, DecimalText.value(tick.askSize) != nil
            else { return .notANumber }
            return bid > ask && bid > 0 && ask > 0 ? .crossed : nil
        }
    }
}
