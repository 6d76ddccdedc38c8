/// An IB contract as sent in requests ("contract block A" of ib-protocol.md §2).
///
/// Text fields stay text, as IB sends them; empty means "not set". `strike` is always empty for the
/// instruments Backfill supports (no options).
public struct Contract: Sendable, Hashable, CustomStringConvertible {
    public var conId: Int
    public var symbol: String
    public var secType: SecurityType
    /// `yyyyMMdd` or `yyyyMM` for futures; empty otherwise.
    public var lastTradeDateOrContractMonth: String
    public var strike: String
    public var right: String
    public var multiplier: String
    /// The routing exchange, e.g. `SMART`, `IDEALPRO`, `CME`.
    public var exchange: String
    /// The listing exchange for SMART-routed stocks, e.g. `NASDAQ`.
    public var primaryExchange: String
    public var currency: String
    public var localSymbol: String
    public var tradingClass: String
    /// Needed for expired futures (IB keeps them for two years after expiry).
    public var includeExpired: Bool

    public init(
        conId: Int = 0,
        symbol: String,
        secType: SecurityType,
        lastTradeDateOrContractMonth: String = "",
        strike: String = "",
        right: String = "",
        multiplier: String = "",
        exchange: String,
        primaryExchange: String = "",
        currency: String,
        localSymbol: String = "",
        tradingClass: String = "",
        includeExpired: Bool = false
    ) {
        self.conId = conId
        self.symbol = symbol
        self.secType = secType
        self.lastTradeDateOrContractMonth = lastTradeDateOrContractMonth
        self.strike = strike
        self.right = right
        self.multiplier = multiplier
        self.exchange = exchange
        self.primaryExchange = primaryExchange
        self.currency = currency
        self.localSymbol = localSymbol
        self.tradingClass = tradingClass
        self.includeExpired = includeExpired
    }

    /// A short name for logs and errors, e.g. `AAPL@SMART STK USD` or `ESZ4@CME FUT USD`.
    public var description: String {
        let name = localSymbol.isEmpty ? symbol : localSymbol
        return "\(name)@\(exchange) \(secType.rawValue) \(currency)"
    }
}
