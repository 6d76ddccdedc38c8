import GatewaySimulator
import Testing

@Suite("Pacing: six requests for one contract within 2 seconds")
struct PacingEnginePerContractTests {
    /// Five different requests (different end times) for AAPL@SMART TRADES at 0, 0.4, … 1.6 s.
    static func five() -> [(request: JudgedRequest, at: Double)] {
        (0..<5).map { index in
            (JudgedRequest.testBars(reqId: index, end: "2024010\(index + 1)-21:00:00"), 0.4 * Double(index))
        }
    }

    @Test func sixthForTheSameContractViolates() {
        var engine = PacingEngine()
        let schedule = Self.five() + [(JudgedRequest.testBars(reqId: 5, end: "20240106-21:00:00"), 1.9)]
        let refusal = engine.firstRefusal(schedule)
        #expect(refusal?.index == 5)
        #expect(refusal?.verdict == .violation(.perContract))
    }

    @Test func sixthForAnotherContractExchangeOrWhatToShowIsAllowed() {
        var engine = PacingEngine()
        #expect(engine.firstRefusal(Self.five()) == nil)
        let end = "20240106-21:00:00"
        #expect(engine.evaluateAndFinish(.testBars(reqId: 10, symbol: "MSFT", end: end), now: 1.9).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 11, exchange: "ISLAND", end: end), now: 1.9).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 12, whatToShow: "MIDPOINT", end: end), now: 1.9).isAllowed)
    }

    @Test func sixthTwoSecondsAfterTheFirstIsAllowed() {
        var engine = PacingEngine()
        let schedule = Self.five() + [(JudgedRequest.testBars(reqId: 5, end: "20240106-21:00:00"), 2.0)]
        #expect(engine.firstRefusal(schedule) == nil)
    }

    @Test func countsAcrossClients() {
        var engine = PacingEngine()
        let schedule = (0..<6).map { index in
            (
                JudgedRequest.testBars(client: index + 1, reqId: 1, end: "2024010\(index + 1)-21:00:00"),
                0.1 * Double(index)
            )
        }
        let refusal = engine.firstRefusal(schedule)
        #expect(refusal?.index == 5)
        #expect(refusal?.verdict == .violation(.perContract))
    }

    @Test func conIdNamesTheContract() {
        let byConId = JudgedRequest.contractKey(
            conId: 265_598,
            symbol: "AAPL",
            secType: "STK",
            exchange: "SMART",
            currency: "USD",
            localSymbol: "",
            expiry: ""
        )
        let sameConIdOtherFields = JudgedRequest.contractKey(
            conId: 265_598,
            symbol: "",
            secType: "",
            exchange: "",
            currency: "",
            localSymbol: "",
            expiry: ""
        )
        #expect(byConId == "conId:265598")
        #expect(byConId == sameConIdOtherFields)
    }
}
