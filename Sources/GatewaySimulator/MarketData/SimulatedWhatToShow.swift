/// The kinds of historical data the simulator can generate (IB's `whatToShow`, ib-protocol.md §3.5).
///
/// Other IB values (volatility, yields, `SCHEDULE`…) are not simulated; the server rejects them. Which values
/// an instrument accepts is ``SimulatedInstrument/supports(_:)``.
public enum SimulatedWhatToShow: String, Sendable, Hashable, CaseIterable {
    /// Trade prices, volume, VWAP and trade counts.
    case trades = "TRADES"
    /// Bid/ask midpoint; no volume.
    case midpoint = "MIDPOINT"
    /// Bid prices; no volume.
    case bid = "BID"
    /// Ask prices; no volume.
    case ask = "ASK"
    /// Open = time-average bid, high = max ask, low = min bid, close = time-average ask; no volume.
    case bidAsk = "BID_ASK"
    /// Trades adjusted for splits and dividends (stocks and ETFs).
    case adjustedLast = "ADJUSTED_LAST"
    /// Aggregated trades, IB's trade series for crypto on PAXOS.
    case aggregatedTrades = "AGGTRADES"

    /// Parses IB's exact (upper-case) spelling.
    ///
    /// - Parameter wireValue: For example `"BID_ASK"`.
    public init?(wireValue: String) {
        self.init(rawValue: wireValue)
    }

    /// The spelling sent on the wire.
    public var wireValue: String {
        rawValue
    }

    /// Whether bars carry real volume, WAP and count; otherwise IB sends `-1` for all three.
    public var reportsVolume: Bool {
        switch self {
        case .trades, .adjustedLast, .aggregatedTrades: true
        case .midpoint, .bid, .ask, .bidAsk: false
        }
    }

    /// Whether prices come from the trade series (as opposed to quotes).
    var isTradeSeries: Bool {
        reportsVolume
    }
}
