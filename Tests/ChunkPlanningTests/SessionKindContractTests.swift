import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

@Suite("SessionKind from a contract")
struct SessionKindContractTests: PlannerFixtures {
    @Test(
        "Symbols map to the calendar they trade on",
        arguments: [
            ("AAPL", SessionKind.usEquity), ("AAPL.NASDAQ", .usEquity), ("SPY.ARCA", .usEquity),
            ("^SPX.CBOE", .usIndex),
            ("EUR/USD.IDEALPRO", .forex24x5), ("ESZ4.CME", .cmeEquityFutures), ("ES.CME", .cmeEquityFutures),
            ("ZNZ4.CBOT", .cmeEquityFutures), ("CLZ4.NYMEX", .cmeEquityFutures), ("BTC/USD.PAXOS", .crypto24x7),
        ]
    )
    func known(_ symbol: String, _ kind: SessionKind) throws {
        #expect(SessionKind(contract: try ContractSymbol.parse(symbol)) == kind)
    }

    @Test("Instruments without a calendar have no kind", arguments: ["VOD.LSE", "SAP.IBIS", "VXZ4.CFE", "7203.TSEJ"])
    func unknown(_ symbol: String) throws {
        #expect(SessionKind(contract: try ContractSymbol.parse(symbol)) == nil)
    }
}
