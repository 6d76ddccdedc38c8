extension ContractDetails {
    /// The fields after the message id and request id, in the order of ib-protocol.md §2.2 (versions ≥ 164):
    /// ibapi reads the message version only below 164 (SIZE_RULES), so none is sent.
    func fields(serverVersion: Int) -> [String] {
        var values = [contract.symbol, contract.secType.rawValue, contract.lastTradeDateOrContractMonth]
        if serverVersion >= TWSServerVersion.lastTradeDate { values.append(lastTradeDate) }
        values += [
            contract.strike.isEmpty ? "0" : contract.strike, contract.right, contract.exchange, contract.currency,
            contract.localSymbol, marketName, contract.tradingClass, "\(contract.conId)", minTick, contract.multiplier,
            orderTypes, validExchanges, "\(priceMagnifier)", "\(underConID)", longName, contract.primaryExchange,
            contractMonth, industry, category, subcategory, timeZoneID, tradingHours, liquidHours, evRule,
            evMultiplier, "\(securityIDs.count)",
        ]
        for id in securityIDs { values += [id.tag, id.value] }
        values += [
            "\(aggGroup)", underSymbol, underSecType, marketRuleIDs, realExpirationDate, stockType, minSize,
            sizeIncrement, suggestedSizeIncrement,
        ]
        // Fund fields follow only for secType FUND, which Backfill never asks for; then an empty ineligibility list.
        if serverVersion >= TWSServerVersion.ineligibilityReasons { values.append("0") }
        return values
    }

    init(reader: inout TWSFieldReader, serverVersion: Int) throws {
        let symbol = try reader.string()
        let secTypeText = try reader.string()
        let lastTradeDateOrMonth = try reader.string()
        let lastTradeDate = serverVersion >= TWSServerVersion.lastTradeDate ? try reader.string() : ""
        let strike = try reader.string()
        let right = try reader.string()
        let exchange = try reader.string()
        let currency = try reader.string()
        let localSymbol = try reader.string()
        let marketName = try reader.string()
        let tradingClass = try reader.string()
        let conId = try reader.int()
        let minTick = try reader.string()
        let multiplier = try reader.string()
        let orderTypes = try reader.string()
        let validExchanges = try reader.string()
        let priceMagnifier = try reader.int()
        let underConID = try reader.int()
        let longName = try reader.string()
        let primaryExchange = try reader.string()
        self.init(
            contract: Contract(
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
            ),
            lastTradeDate: lastTradeDate,
            marketName: marketName,
            minTick: minTick,
            orderTypes: orderTypes,
            validExchanges: validExchanges,
            priceMagnifier: priceMagnifier,
            underConID: underConID,
            longName: longName
        )
        contractMonth = try reader.string()
        industry = try reader.string()
        category = try reader.string()
        subcategory = try reader.string()
        timeZoneID = try reader.string()
        tradingHours = try reader.string()
        liquidHours = try reader.string()
        evRule = try reader.string()
        evMultiplier = try reader.string()
        let count = try reader.count(fieldsPerItem: 2)
        securityIDs = try (0..<count).map { _ in SecurityID(tag: try reader.string(), value: try reader.string()) }
        aggGroup = try reader.int()
        underSymbol = try reader.string()
        underSecType = try reader.string()
        marketRuleIDs = try reader.string()
        realExpirationDate = try reader.string()
        stockType = try reader.string()
        minSize = try reader.string()
        sizeIncrement = try reader.string()
        suggestedSizeIncrement = try reader.string()
        // Fund fields (secType FUND only) and the ineligibility reasons follow; Backfill needs neither, and reading
        // stops here so that newer additions do not break decoding.
    }
}
