import GatewaySimulator
import MarketCalendar
import Testing

@Suite("InstrumentUniverse")
struct InstrumentUniverseTests {
    let universe = InstrumentUniverse.standard

    @Test("contents: ids unique, fields valid")
    func contents() {
        let instruments = universe.instruments
        #expect(Set(instruments.map(\.conId)).count == instruments.count)
        #expect(instruments.filter { $0.secType == "STK" }.count == 27)
        #expect(instruments.filter { $0.secType == "CASH" }.count == 6)
        #expect(instruments.filter { $0.secType == "FUT" }.count == 48)
        #expect(instruments.filter { $0.secType == "CONTFUT" }.count == 3)
        #expect(instruments.filter { $0.secType == "IND" }.count == 1)
        #expect(instruments.filter { $0.secType == "CRYPTO" }.count == 1)
        for instrument in instruments {
            #expect(instrument.headTimestamp > MarketDataFixtures.utc("19800101"), "\(instrument.localSymbol)")
            #expect(instrument.headTimestamp < MarketDataFixtures.utc("20260101"), "\(instrument.localSymbol)")
            #expect(universe.lookup(conId: instrument.conId) == instrument)
        }
    }

    @Test("AAPL on SMART resolves uniquely; head timestamp")
    func apple() throws {
        let matches = universe.lookup(symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD")
        #expect(matches.count == 1)
        let apple = try #require(matches.first)
        #expect(apple.primaryExchange == "NASDAQ")
        #expect(apple.minTick == "0.01")
        #expect(apple.timeZoneId == "US/Eastern")
        #expect(apple.headTimestamp == 345_479_400)  // 1980-12-12 14:30:00Z
        #expect(universe.lookup(symbol: "aapl", secType: "STK", exchange: "NASDAQ").count == 1)
        #expect(universe.lookup(symbol: "AAPL", secType: "STK", exchange: "ISLAND").count == 1)
        #expect(universe.lookup(symbol: "AAPL", secType: "STK", exchange: "IDEALPRO").isEmpty)
        #expect(universe.lookup(symbol: "AAPL", currency: "EUR").isEmpty)
    }

    @Test("futures: local symbol or expiry resolves, symbol alone is ambiguous")
    func futures() throws {
        let byLocal = universe.lookup(symbol: "ES", secType: "FUT", exchange: "CME", localSymbol: "ESZ4")
        #expect(byLocal.count == 1)
        let contract = try #require(byLocal.first)
        #expect(contract.lastTradeDateOrContractMonth == "20241220")
        #expect(contract.multiplier == "50")
        #expect(contract.minTick == "0.25")
        #expect(contract.timeZoneId == "US/Central")
        #expect(contract.lastTradeTime == MarketDataFixtures.utc("20241220", 14, 30))
        #expect(universe.lookup(symbol: "ES", secType: "FUT", lastTradeDateOrContractMonth: "202412") == [contract])
        #expect(universe.lookup(symbol: "ES", secType: "FUT", lastTradeDateOrContractMonth: "20241220") == [contract])
        #expect(universe.lookup(symbol: "ES", secType: "FUT", exchange: "GLOBEX", localSymbol: "ESZ4") == [contract])
        #expect(universe.lookup(symbol: "ES", secType: "FUT").count == 16)
        #expect(universe.lookup(symbol: "ES", secType: "CONTFUT").count == 1)
        #expect(universe.lookup(symbol: "ES", secType: "FUT", lastTradeDateOrContractMonth: "202411").isEmpty)
        let expiries = universe.lookup(symbol: "NQ", secType: "FUT").map(\.lastTradeDateOrContractMonth)
        #expect(expiries.contains("20230317") && expiries.contains("20261218"))
        #expect(universe.lookup(localSymbol: "RTYH5").first?.minTick == "0.1")
    }

    @Test("currencies, index and crypto")
    func others() {
        let euro = universe.lookup(symbol: "EUR", secType: "CASH", exchange: "IDEALPRO", currency: "USD")
        #expect(euro.map(\.localSymbol) == ["EUR.USD"])
        #expect(euro.first?.minTick == "0.00005")
        #expect(universe.lookup(symbol: "USD", secType: "CASH", currency: "JPY").first?.minTick == "0.005")
        #expect(universe.lookup(symbol: "USD", secType: "CASH").count == 3)
        #expect(universe.lookup(symbol: "SPX", secType: "IND", exchange: "CBOE").count == 1)
        #expect(universe.lookup(symbol: "BTC", secType: "CRYPTO", exchange: "PAXOS").count == 1)
    }

    @Test("unknown contracts give no match")
    func unknown() {
        #expect(universe.lookup(symbol: "NOPE").isEmpty)
        #expect(universe.lookup(symbol: "AAPL", secType: "FUT").isEmpty)
        #expect(universe.lookup(symbol: "AAPL", lastTradeDateOrContractMonth: "20241220").isEmpty)
        #expect(universe.lookup(conId: -5) == nil)
    }

    @Test("supported data types per security type")
    func supports() throws {
        let apple = try MarketDataFixtures.instrument("AAPL")
        #expect(SimulatedWhatToShow.allCases.filter(apple.supports).count == 6)
        let euro = try MarketDataFixtures.instrument("EUR.USD")
        #expect(!euro.supports(.trades) && euro.supports(.midpoint) && euro.supports(.bidAsk))
        let spx = try MarketDataFixtures.instrument("SPX")
        #expect(spx.supports(.trades) && !spx.supports(.midpoint))
        let bitcoin = try MarketDataFixtures.instrument("BTC.USD")
        #expect(bitcoin.supports(.aggregatedTrades) && !bitcoin.supports(.trades))
        let future = try MarketDataFixtures.instrument("ESZ4")
        #expect(future.supports(.trades) && !future.supports(.adjustedLast))
    }
}
