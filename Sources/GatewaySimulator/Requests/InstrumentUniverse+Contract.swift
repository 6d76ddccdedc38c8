import Foundation
import MarketCalendar
import TWSProtocol

extension InstrumentUniverse {
    /// The instruments a request's contract means, as IB matches them; expired futures only with
    /// `includeExpired` (IB keeps them for two years after expiry).
    func matches(
        _ contract: Contract,
        now: Int64 = Int64(SimulatorClock().wallTime().timeIntervalSince1970)
    ) -> [SimulatedInstrument] {
        let candidates: [SimulatedInstrument]
        if contract.conId > 0 {
            candidates = lookup(conId: contract.conId).map { [$0] } ?? []
        } else {
            candidates = lookup(
                symbol: contract.symbol,
                secType: contract.secType.rawValue,
                exchange: contract.exchange,
                currency: contract.currency,
                localSymbol: contract.localSymbol,
                lastTradeDateOrContractMonth: contract.lastTradeDateOrContractMonth
            )
        }
        return candidates.filter { contract.includeExpired || !$0.isExpired(at: now) }
    }
}

extension SimulatedInstrument {
    /// This instrument as IB describes it in contractDetails, with `now` deciding the listed trading hours and a
    /// continuous future's front contract. Each field's source is on the property that supplies it.
    func contractDetails(routing exchange: String, now: Int64) -> ContractDetails {
        // A CONTFUT is described by the contract it follows now: its expiry, month and local symbol.
        let expiry: String
        var localSymbol = self.localSymbol
        if secType == "CONTFUT" {
            let front = frontContractExpiry(now: now)
            expiry = front.yyyyMMdd
            let code = InstrumentUniverse.quarterlyMonths.first { $0.month == front.month }?.code ?? ""
            localSymbol = "\(symbol)\(code)\(front.year % 10)"
        } else {
            expiry = lastTradeDateOrContractMonth
        }
        let sizes = sizeRules
        return ContractDetails(
            contract: Contract(
                conId: conId,
                symbol: symbol,
                secType: SecurityType(rawValue: secType) ?? .stock,
                lastTradeDateOrContractMonth: expiry,
                multiplier: multiplier,
                exchange: exchange.isEmpty ? self.exchange : exchange,
                primaryExchange: primaryExchange,
                currency: currency,
                localSymbol: localSymbol,
                tradingClass: tradingClass
            ),
            lastTradeDate: expiry,
            marketName: tradingClass,
            minTick: minTick,
            orderTypes: "LMT,MKT",
            validExchanges: listedExchanges.joined(separator: ","),
            priceMagnifier: 1,
            underConID: underlying?.conId ?? 0,
            longName: longName,
            contractMonth: String(expiry.prefix(6)),
            industry: industry,
            category: category,
            subcategory: subcategory,
            timeZoneID: timeZoneId,
            tradingHours: tradingHours(now: now),
            liquidHours: liquidHours(now: now),
            securityIDs: securityIDs,
            aggGroup: aggGroup,
            underSymbol: underlying?.symbol ?? "",
            underSecType: underlying?.secType ?? "",
            marketRuleIDs: marketRuleIDs,
            realExpirationDate: expiry,
            stockType: stockType,
            minSize: sizes.minimum,
            sizeIncrement: sizes.increment,
            suggestedSizeIncrement: sizes.suggested
        )
    }
}
