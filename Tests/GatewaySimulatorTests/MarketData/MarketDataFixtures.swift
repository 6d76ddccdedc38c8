import GatewaySimulator
import MarketCalendar
import Testing

/// Shared helpers for the market-data tests, namespaced to avoid clashes with other suites in this target.
enum MarketDataFixtures {
    static let universe = InstrumentUniverse.standard
    static let generator = BarGenerator()

    /// The single instrument with a local symbol (and optionally a security type), recording an issue if the
    /// universe does not contain exactly one.
    static func instrument(
        _ localSymbol: String,
        secType: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> SimulatedInstrument {
        let matches = universe.lookup(secType: secType, localSymbol: localSymbol)
        return try #require(matches.count == 1 ? matches.first : nil, sourceLocation: sourceLocation)
    }

    static func continuous(
        _ symbol: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws
        -> SimulatedInstrument
    {
        let matches = universe.lookup(symbol: symbol, secType: "CONTFUT")
        return try #require(matches.count == 1 ? matches.first : nil, sourceLocation: sourceLocation)
    }

    /// The UTC instant of a UTC wall-clock time on a `yyyyMMdd` date.
    static func utc(_ date: String, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        let day = CivilDate(yyyyMMdd: date) ?? CivilDate(daysSinceEpoch: 0)
        return day.utcMidnight + hour * 3_600 + minute * 60
    }

    /// A decimal text as a `Double`, for order comparisons only.
    static func value(_ text: String) -> Double {
        Double(text) ?? .nan
    }

    /// Digits after the decimal point.
    static func decimals(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else {
            return 0
        }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }

    /// Aggregates bars the way IB defines larger bars: first open, last close, max high, min low, summed
    /// volume and count.
    static func aggregate(
        _ bars: [SimulatedBar]
    ) -> (open: String, high: String, low: String, close: String, volume: Int, count: Int)? {
        guard let first = bars.first, let last = bars.last else {
            return nil
        }
        let high = bars.max { value($0.high) < value($1.high) }?.high ?? ""
        let low = bars.min { value($0.low) < value($1.low) }?.low ?? ""
        let volume = bars.reduce(0) { $0 + (Int($1.volume) ?? -1_000_000) }
        let count = bars.reduce(0) { $0 + $1.count }
        return (first.open, high, low, last.close, volume, count)
    }
}
