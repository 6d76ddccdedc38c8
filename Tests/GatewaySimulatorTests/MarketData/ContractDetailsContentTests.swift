import MarketCalendar
import TWSProtocol
import Testing

@testable import GatewaySimulator

/// What the simulator's contract details say, field by field, for each kind of instrument (issue 12).
@Suite struct ContractDetailsContentTests {
    let universe = InstrumentUniverse.standard
    /// Monday 2026-11-23 12:00 New York: Thanksgiving (Thursday) and its early close (Friday) are in the week.
    let thanksgivingWeek = USTimeZone.eastern.utcInstant(
        date: CivilDate(yyyyMMdd: "20261123")!,
        secondsOfDay: 12 * 3_600
    )

    func details(_ symbol: String, _ secType: String, localSymbol: String = "") throws -> ContractDetails {
        let instrument = try #require(
            universe.lookup(symbol: symbol, secType: secType, localSymbol: localSymbol).first,
            "\(symbol) \(secType)"
        )
        return instrument.contractDetails(routing: "", now: thanksgivingWeek)
    }

    @Test func everyStockAndETFHasAWellFormedISINAndATypeAndOthersHaveNone() {
        for instrument in universe.instruments {
            let details = instrument.contractDetails(routing: "", now: thanksgivingWeek)
            guard instrument.secType == "STK" else {
                #expect(details.securityIDs.isEmpty && details.stockType.isEmpty, "\(instrument.symbol)")
                continue
            }
            let isin = try? #require(details.isin, "\(instrument.symbol)")
            guard let isin else { continue }
            #expect(isin.count == 12 && isin.hasPrefix("US"), "\(instrument.symbol): \(isin)")
            #expect(
                SecurityIdentifiers.isinCheckDigit(String(isin.dropLast())) == Int(String(isin.last!)),
                "\(instrument.symbol): \(isin) fails ISO 6166's check digit"
            )
            #expect(["COMMON", "ETF"].contains(details.stockType), "\(instrument.symbol)")
        }
        // ISO 6166's worked example, so the check digit is not only self-consistent.
        #expect(SecurityIdentifiers.isinCheckDigit("US037833100") == 5)
        #expect((try? details("SPY", "STK"))?.stockType == "ETF")
        #expect((try? details("AAPL", "STK"))?.isin == "US0378331005")
    }

    @Test func stockHoursFollowTheNYSECalendarWithHolidaysClosed() throws {
        let aapl = try details("AAPL", "STK")
        #expect(aapl.timeZoneID == "US/Eastern")
        let trading = aapl.tradingHours.split(separator: ";").map(String.init)
        #expect(trading.count == 7)
        #expect(trading.first == "20261123:0400-20261123:2000")
        #expect(trading.contains("20261126:CLOSED"))  // Thanksgiving
        #expect(trading.contains("20261127:0400-20261127:1700"))  // the early close, extended hours
        #expect(trading.contains("20261128:CLOSED") && trading.contains("20261129:CLOSED"))
        let liquid = aapl.liquidHours.split(separator: ";").map(String.init)
        #expect(liquid.first == "20261123:0930-20261123:1600")
        #expect(liquid.contains("20261127:0930-20261127:1300"))
    }

    @Test func futuresCarryTheirExpiryUnderlyingAndOvernightSessions() throws {
        let es = try details("ES", "FUT", localSymbol: "ESZ6")
        #expect(es.contract.lastTradeDateOrContractMonth == "20261218")
        #expect(es.realExpirationDate == "20261218" && es.contractMonth == "202612")
        #expect(es.underSymbol == "ES" && es.underSecType == "IND" && es.underConID > 0)
        #expect(es.timeZoneID == "US/Central")
        // The session named Tuesday opens Monday 17:00 Chicago.
        #expect(es.tradingHours.contains("20261123:1700-20261124:1600"))
        #expect(es.liquidHours.contains("20261124:0830-20261124:1515"))
        #expect(es.contract.multiplier == "50" && es.minTick == "0.25")
    }

    @Test func aContinuousFutureIsDescribedByTheContractItFollows() throws {
        let front = try details("ES", "CONTFUT")
        // Eight days before December's expiry it has not rolled yet.
        #expect(front.contract.lastTradeDateOrContractMonth == "20261218")
        #expect(front.contract.localSymbol == "ESZ6")
        let instrument = try #require(universe.lookup(symbol: "ES", secType: "CONTFUT").first)
        let later = instrument.contractDetails(routing: "", now: thanksgivingWeek + 20 * 86_400)
        #expect(later.contract.lastTradeDateOrContractMonth == "20270319" && later.contract.localSymbol == "ESH7")
    }

    @Test func currenciesIndicesAndCryptoHaveTheirOwnShapes() throws {
        let eur = try details("EUR", "CASH")
        // Monday's session opens Sunday 17:00 New York; Saturday has none.
        #expect(eur.tradingHours.split(separator: ";").first == "20261122:1700-20261123:1700")
        #expect(eur.tradingHours.contains("20261128:CLOSED"))
        #expect(eur.isin == nil && eur.aggGroup == 4)
        let spx = try details("SPX", "IND")
        #expect(spx.tradingHours.contains("20261123:0930-20261123:1615") && spx.tradingHours == spx.liquidHours)
        let btc = try details("BTC", "CRYPTO")
        #expect(btc.tradingHours.contains("20261128:0000-20261129:0000"))
        #expect(btc.minSize == "0.0001" && btc.sizeIncrement == "0.0001")
    }
}
