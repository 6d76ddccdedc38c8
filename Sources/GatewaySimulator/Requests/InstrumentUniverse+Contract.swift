import Foundation
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
    /// This instrument as IB describes it in contractDetails.
    func contractDetails(routing exchange: String) -> ContractDetails {
        ContractDetails(
            contract: Contract(
                conId: conId,
                symbol: symbol,
                secType: SecurityType(rawValue: secType) ?? .stock,
                lastTradeDateOrContractMonth: lastTradeDateOrContractMonth,
                multiplier: multiplier,
                exchange: exchange.isEmpty ? self.exchange : exchange,
                primaryExchange: primaryExchange,
                currency: currency,
                localSymbol: localSymbol,
                tradingClass: tradingClass
            ),
            lastTradeDate: lastTradeDateOrContractMonth,
            marketName: tradingClass,
            minTick: minTick,
            orderTypes: "LMT,MKT",
            validExchanges: validExchanges.joined(separator: ","),
            longName: longName,
            contractMonth: String(lastTradeDateOrContractMonth.prefix(6)),
            industry: industry,
            category: category,
            subcategory: subcategory,
            timeZoneID: timeZoneId,
            stockType: secType == "STK" ? "COMMON" : ""
        )
    }
}
