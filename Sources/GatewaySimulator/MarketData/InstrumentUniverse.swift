/// The set of contracts the simulated gateway serves, with IB-style contract matching.
///
/// IB resolves a partially filled contract (say `AAPL`, `STK`, `SMART`, `USD`) to every contract that fits;
/// exactly one match is a success, several are "ambiguous" (error 200 for historical data, a list for
/// contract details) and none is "no security definition". ``lookup(symbol:secType:exchange:currency:localSymbol:lastTradeDateOrContractMonth:)``
/// returns all matches so the server can apply that rule. The type is an immutable value, safe to share.
public struct InstrumentUniverse: Sendable {
    /// Every instrument, in a stable order.
    public let instruments: [SimulatedInstrument]
    private let indexByConId: [Int: Int]

    /// Creates a universe. When two instruments share a contract id, the first one wins in ``lookup(conId:)``.
    ///
    /// - Parameter instruments: The instruments, in the order lookups should return them.
    public init(instruments: [SimulatedInstrument]) {
        self.instruments = instruments
        var index: [Int: Int] = [:]
        for (position, instrument) in instruments.enumerated() where index[instrument.conId] == nil {
            index[instrument.conId] = position
        }
        self.indexByConId = index
    }

    /// The instrument with a contract id.
    ///
    /// - Parameter conId: IB contract id.
    /// - Returns: The instrument, or `nil` if unknown.
    public func lookup(conId: Int) -> SimulatedInstrument? {
        indexByConId[conId].map { instruments[$0] }
    }

    /// All instruments matching a partially specified contract, as IB matches them.
    ///
    /// Empty fields are wildcards. Text compares case-insensitively. `exchange` matches the routing exchange, the
    /// primary exchange or any of ``SimulatedInstrument/validExchanges`` (so `SMART` matches every stock and
    /// `GLOBEX` matches CME futures). `lastTradeDateOrContractMonth` may be a full `yyyyMMdd` date or a
    /// `yyyyMM` contract month; undated instruments never match a non-empty value.
    ///
    /// - Parameters:
    ///   - symbol: Underlying symbol.
    ///   - secType: Security type.
    ///   - exchange: Requested exchange.
    ///   - currency: Currency.
    ///   - localSymbol: Local symbol.
    ///   - lastTradeDateOrContractMonth: Expiry date or month.
    /// - Returns: Every match, in universe order; empty when nothing matches.
    public func lookup(
        symbol: String = "",
        secType: String = "",
        exchange: String = "",
        currency: String = "",
        localSymbol: String = "",
        lastTradeDateOrContractMonth: String = ""
    ) -> [SimulatedInstrument] {
        let wanted = (
            symbol: symbol.uppercased(), secType: secType.uppercased(), exchange: exchange.uppercased(),
            currency: currency.uppercased(), localSymbol: localSymbol.uppercased(),
            expiry: lastTradeDateOrContractMonth
        )
        return instruments.filter { instrument in
            Self.matches(wanted.symbol, instrument.symbol)
                && Self.matches(wanted.secType, instrument.secType)
                && Self.matches(wanted.currency, instrument.currency)
                && Self.matches(wanted.localSymbol, instrument.localSymbol)
                && Self.matchesExchange(wanted.exchange, instrument)
                && Self.matchesExpiry(wanted.expiry, instrument.lastTradeDateOrContractMonth)
        }
    }

    private static func matches(_ wanted: String, _ actual: String) -> Bool {
        wanted.isEmpty || wanted == actual.uppercased()
    }

    private static func matchesExchange(_ wanted: String, _ instrument: SimulatedInstrument) -> Bool {
        wanted.isEmpty || wanted == instrument.exchange || wanted == instrument.primaryExchange
            || instrument.validExchanges.contains(wanted)
    }

    private static func matchesExpiry(_ wanted: String, _ actual: String) -> Bool {
        switch wanted.count {
        case 0: true
        case 6: !actual.isEmpty && actual.hasPrefix(wanted)
        default: wanted == actual
        }
    }
}
