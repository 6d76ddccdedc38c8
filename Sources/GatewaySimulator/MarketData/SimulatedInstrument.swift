import MarketCalendar

/// A contract the simulated gateway knows: IB's contract fields plus the parameters of its price model.
///
/// The contract fields mirror what IB returns in contract details, so the server can answer
/// `reqContractDetails` and validate `reqHistoricalData` contracts from this value alone. The model fields
/// (``basePrice``, ``volatility``, ``averageMinuteVolume``…) only steer ``BarGenerator``; they are plausible,
/// not real market statistics. Contract ids are the simulator's own stable numbers, not IB's.
public struct SimulatedInstrument: Sendable, Hashable, Identifiable {
    /// IB's contract id; unique and stable within ``InstrumentUniverse/standard``.
    public let conId: Int
    /// The underlying symbol (`"AAPL"`, `"EUR"` for EUR.USD, `"ES"`).
    public let symbol: String
    /// `"STK"`, `"IND"`, `"CASH"`, `"FUT"`, `"CONTFUT"` or `"CRYPTO"`. ETFs are `"STK"`, as at IB.
    public let secType: String
    /// The default routing exchange (`"SMART"`, `"IDEALPRO"`, `"CME"`, `"CBOE"`, `"PAXOS"`).
    public let exchange: String
    /// The listing exchange (`"NASDAQ"`, `"NYSE"`, `"ARCA"`), or empty where IB leaves it empty.
    public let primaryExchange: String
    /// The trading currency.
    public let currency: String
    /// The exchange's own symbol (`"ESZ4"`, `"EUR.USD"`).
    public let localSymbol: String
    /// IB's trading class (`"NMS"`, `"ES"`, `"EUR.USD"`).
    public let tradingClass: String
    /// The last trading day as `yyyyMMdd` for futures, empty otherwise.
    public let lastTradeDateOrContractMonth: String
    /// The contract multiplier as text, empty when not applicable.
    public let multiplier: String
    /// The minimum price increment as decimal text (`"0.01"`, `"0.25"`, `"0.00005"`).
    public let minTick: String
    /// The trading hours model.
    public let sessionKind: SessionKind
    /// The price level the model wanders around (in 2024; the model adds long-term growth).
    public let basePrice: Double
    /// The descriptive name (`"APPLE INC"`).
    public let longName: String
    /// IB's industry classification.
    public let industry: String
    /// IB's category classification.
    public let category: String
    /// IB's subcategory classification.
    public let subcategory: String
    /// The earliest time with data (IB `reqHeadTimestamp`), UTC epoch seconds. No bars exist before it.
    public let headTimestamp: Int64
    /// The exchanges a request may name for this contract besides ``exchange`` and ``primaryExchange``.
    public let validExchanges: [String]
    /// Typical volume of one regular-hours minute, in the instrument's volume unit (shares, contracts, coins).
    public let averageMinuteVolume: Double
    /// Typical trade size in the volume unit, which turns volume into a trade count.
    public let averageTradeSize: Double
    /// Digits after the decimal point in volumes and sizes (0 for shares and contracts, 4 for crypto).
    public let volumeDecimals: Int
    /// Scales every price movement: 1 is a typical large-cap stock, 0.3 a major currency pair.
    public let volatility: Double
    /// Half the bid/ask spread in ticks, at least 1.
    public let halfSpreadTicks: Int64
    /// The formatter for this instrument's prices, parsed from ``minTick``.
    public let priceText: PriceText

    /// Creates an instrument, or `nil` when `minTick` is not a positive decimal such as `"0.01"`.
    ///
    /// - Parameters:
    ///   - conId: Stable contract id.
    ///   - symbol: Underlying symbol.
    ///   - secType: IB security type.
    ///   - exchange: Routing exchange.
    ///   - primaryExchange: Listing exchange.
    ///   - currency: Currency.
    ///   - localSymbol: Local symbol.
    ///   - tradingClass: Trading class.
    ///   - lastTradeDateOrContractMonth: `yyyyMMdd` for futures.
    ///   - multiplier: Multiplier text.
    ///   - minTick: Minimum tick text.
    ///   - sessionKind: Trading hours model.
    ///   - basePrice: Price level around which the model wanders.
    ///   - longName: Descriptive name.
    ///   - industry: Industry.
    ///   - category: Category.
    ///   - subcategory: Subcategory.
    ///   - headTimestamp: Earliest data, UTC epoch seconds.
    ///   - validExchanges: Other exchanges a request may name.
    ///   - averageMinuteVolume: Typical regular-hours minute volume.
    ///   - averageTradeSize: Typical trade size.
    ///   - volumeDecimals: Decimals in volumes.
    ///   - volatility: Movement scale.
    ///   - halfSpreadTicks: Half spread in ticks.
    public init?(
        conId: Int,
        symbol: String,
        secType: String,
        exchange: String,
        primaryExchange: String,
        currency: String,
        localSymbol: String,
        tradingClass: String,
        lastTradeDateOrContractMonth: String = "",
        multiplier: String = "",
        minTick: String,
        sessionKind: SessionKind,
        basePrice: Double,
        longName: String,
        industry: String = "",
        category: String = "",
        subcategory: String = "",
        headTimestamp: Int64,
        validExchanges: [String] = [],
        averageMinuteVolume: Double,
        averageTradeSize: Double = 1,
        volumeDecimals: Int = 0,
        volatility: Double = 1,
        halfSpreadTicks: Int64 = 1
    ) {
        guard let priceText = PriceText(minTick: minTick), basePrice > 0, basePrice.isFinite else {
            return nil
        }
        self.conId = conId
        self.symbol = symbol
        self.secType = secType
        self.exchange = exchange
        self.primaryExchange = primaryExchange
        self.currency = currency
        self.localSymbol = localSymbol
        self.tradingClass = tradingClass
        self.lastTradeDateOrContractMonth = lastTradeDateOrContractMonth
        self.multiplier = multiplier
        self.minTick = minTick
        self.sessionKind = sessionKind
        self.basePrice = basePrice
        self.longName = longName
        self.industry = industry
        self.category = category
        self.subcategory = subcategory
        self.headTimestamp = headTimestamp
        self.validExchanges = validExchanges
        self.averageMinuteVolume = max(0, averageMinuteVolume)
        self.averageTradeSize = max(averageTradeSize, 1e-9)
        self.volumeDecimals = min(max(volumeDecimals, 0), 8)
        self.volatility = max(0, volatility)
        self.halfSpreadTicks = max(halfSpreadTicks, 1)
        self.priceText = priceText
    }

    /// ``conId``, so instruments can be used in SwiftUI-style collections and dictionaries.
    public var id: Int {
        conId
    }

    /// IB's `timeZoneId` for contract details (`"US/Eastern"` or `"US/Central"`).
    public var timeZoneId: String {
        sessionKind.timeZone.identifier
    }
}
