/// A contractDetails reply (IN 10) as IB sends it from server version 164 on, bond fields aside.
///
/// Field by field in `ContractDetails+Wire.swift`, in the order of ib-protocol.md §2.2 and of ibapi's
/// `decoder.processContractDataMsg`. Numbers that clients parse (minTick, sizes) stay text, exactly as sent.
public struct ContractDetails: Sendable, Hashable {
    public var contract: Contract
    /// For futures, the exact last trade date when IB sends it (server ≥ 182).
    public var lastTradeDate: String
    public var marketName: String
    public var minTick: String
    public var orderTypes: String
    public var validExchanges: String
    /// What IB multiplies its prices by for this contract (1 for everything Backfill serves).
    public var priceMagnifier: Int
    /// The underlying's contract id (a future's index), 0 where there is none.
    public var underConID: Int
    public var longName: String
    public var contractMonth: String
    public var industry: String
    public var category: String
    public var subcategory: String
    /// e.g. `US/Eastern`: the zone of `tradingHours` and `liquidHours`.
    public var timeZoneID: String
    /// `20240105:0400-20240105:2000;20240106:CLOSED;…`
    public var tradingHours: String
    public var liquidHours: String
    public var evRule: String
    public var evMultiplier: String
    /// Security identifiers, e.g. `ISIN` → `US0378331005`, in the order IB sends them.
    public var securityIDs: [SecurityID]
    public var aggGroup: Int
    public var underSymbol: String
    public var underSecType: String
    /// IB's market rule per valid exchange, comma separated.
    public var marketRuleIDs: String
    /// For futures, the day the contract really expires (`yyyyMMdd`).
    public var realExpirationDate: String
    /// `COMMON`, `ETF`, … for stocks.
    public var stockType: String
    public var minSize: String
    public var sizeIncrement: String
    public var suggestedSizeIncrement: String

    /// One `secIdList` entry.
    public struct SecurityID: Sendable, Hashable {
        public var tag: String
        public var value: String

        public init(tag: String, value: String) {
            self.tag = tag
            self.value = value
        }
    }

    public init(
        contract: Contract,
        lastTradeDate: String = "",
        marketName: String = "",
        minTick: String = "0.01",
        orderTypes: String = "",
        validExchanges: String = "",
        priceMagnifier: Int = 1,
        underConID: Int = 0,
        longName: String = "",
        contractMonth: String = "",
        industry: String = "",
        category: String = "",
        subcategory: String = "",
        timeZoneID: String = "",
        tradingHours: String = "",
        liquidHours: String = "",
        evRule: String = "",
        evMultiplier: String = "0",
        securityIDs: [SecurityID] = [],
        aggGroup: Int = 0,
        underSymbol: String = "",
        underSecType: String = "",
        marketRuleIDs: String = "",
        realExpirationDate: String = "",
        stockType: String = "",
        minSize: String = "1",
        sizeIncrement: String = "1",
        suggestedSizeIncrement: String = "1"
    ) {
        self.contract = contract
        self.lastTradeDate = lastTradeDate
        self.marketName = marketName
        self.minTick = minTick
        self.orderTypes = orderTypes
        self.validExchanges = validExchanges
        self.priceMagnifier = priceMagnifier
        self.underConID = underConID
        self.longName = longName
        self.contractMonth = contractMonth
        self.industry = industry
        self.category = category
        self.subcategory = subcategory
        self.timeZoneID = timeZoneID
        self.tradingHours = tradingHours
        self.liquidHours = liquidHours
        self.evRule = evRule
        self.evMultiplier = evMultiplier
        self.securityIDs = securityIDs
        self.aggGroup = aggGroup
        self.underSymbol = underSymbol
        self.underSecType = underSecType
        self.marketRuleIDs = marketRuleIDs
        self.realExpirationDate = realExpirationDate
        self.stockType = stockType
        self.minSize = minSize
        self.sizeIncrement = sizeIncrement
        self.suggestedSizeIncrement = suggestedSizeIncrement
    }

    /// The ISIN among ``securityIDs``, if IB sent one.
    public var isin: String? {
        securityIDs.first { $0.tag == "ISIN" }?.value
    }
}
