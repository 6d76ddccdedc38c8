/// The parts of a contractDetails reply (IN 10) that Backfill uses, plus enough to write the reply back.
public struct ContractDetails: Sendable, Hashable {
    public var contract: Contract
    /// For futures, the exact last trade date when IB sends it (server ≥ 182).
    public var lastTradeDate: String
    public var marketName: String
    public var minTick: String
    public var orderTypes: String
    public var validExchanges: String
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
    public var marketRuleIDs: String
    public var stockType: String

    public init(
        contract: Contract,
        lastTradeDate: String = "",
        marketName: String = "",
        minTick: String = "0.01",
        orderTypes: String = "",
        validExchanges: String = "",
        longName: String = "",
        contractMonth: String = "",
        industry: String = "",
        category: String = "",
        subcategory: String = "",
        timeZoneID: String = "",
        tradingHours: String = "",
        liquidHours: String = "",
        marketRuleIDs: String = "",
        stockType: String = ""
    ) {
        self.contract = contract
        self.lastTradeDate = lastTradeDate
        self.marketName = marketName
        self.minTick = minTick
        self.orderTypes = orderTypes
        self.validExchanges = validExchanges
        self.longName = longName
        self.contractMonth = contractMonth
        self.industry = industry
        self.category = category
        self.subcategory = subcategory
        self.timeZoneID = timeZoneID
        self.tradingHours = tradingHours
        self.liquidHours = liquidHours
        self.marketRuleIDs = marketRuleIDs
        self.stockType = stockType
    }

    /// The fields after the message id and request id, in the order of ib-protocol.md §2.2 (versions ≥ 164).
    func fields(serverVersion: Int) -> [String] {
        var values = [contract.symbol, contract.secType.rawValue, contract.lastTradeDateOrContractMonth]
        if serverVersion >= TWSServerVersion.lastTradeDate { values.append(lastTradeDate) }
        values += [
            contract.strike.isEmpty ? "0" : contract.strike, contract.right, contract.exchange, contract.currency,
            contract.localSymbol, marketName, contract.tradingClass, "\(contract.conId)", minTick, contract.multiplier,
            orderTypes, validExchanges, "1", "0", longName, contract.primaryExchange, contractMonth, industry, category,
            subcategory, timeZoneID, tradingHours, liquidHours, "", "", "0", "", "", "", marketRuleIDs, "", stockType,
            "1", "1", "1",
        ]
        if serverVersion >= TWSServerVersion.ineligibilityReasons { values.append("0") }
        return values
    }

    init(reader: inout TWSFieldReader, serverVersion: Int) throws {
        let symbol = try reader.string()
        let secTypeText = try reader.string()
        let lastTradeDateOrMonth = try reader.string()
        lastTradeDate = serverVersion >= TWSServerVersion.lastTradeDate ? try reader.string() : ""
        let strike = try reader.string()
        let right = try reader.string()
        let exchange = try reader.string()
        let currency = try reader.string()
        let localSymbol = try reader.string()
        marketName = try reader.string()
        let tradingClass = try reader.string()
        let conId = try reader.int()
        minTick = try reader.string()
        let multiplier = try reader.string()
        orderTypes = try reader.string()
        validExchanges = try reader.string()
        try reader.skip(2)  // priceMagnifier, underConId
        longName = try reader.string()
        let primaryExchange = try reader.string()
        contractMonth = try reader.string()
        industry = try reader.string()
        category = try reader.string()
        subcategory = try reader.string()
        timeZoneID = try reader.string()
        tradingHours = try reader.string()
        liquidHours = try reader.string()
        try reader.skip(2)  // evRule, evMultiplier
        let secIDs = try reader.count(fieldsPerItem: 2)
        try reader.skip(secIDs * 2)
        try reader.skip(3)  // aggGroup, underSymbol, underSecType
        marketRuleIDs = try reader.string()
        try reader.skip()  // realExpirationDate
        stockType = try reader.string()
        // minSize, sizeIncrement, suggestedSizeIncrement, fund fields and ineligibility reasons follow; Backfill
        // needs none of them, and reading stops here so newer additions do not break decoding.
        contract = Contract(
            conId: conId,
            symbol: symbol,
            secType: SecurityType(rawValue: secTypeText) ?? .stock,
            lastTradeDateOrContractMonth: lastTradeDateOrMonth,
            strike: strike == "0" || strike == "0.0" ? "" : strike,
            right: right,
            multiplier: multiplier,
            exchange: exchange,
            primaryExchange: primaryExchange,
            currency: currency,
            localSymbol: localSymbol,
            tradingClass: tradingClass
        )
    }
}
