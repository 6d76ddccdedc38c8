import GatewaySimulator
import Testing

@Suite("Pacing: BID_ASK counts twice")
struct PacingEngineBidAskTests {
    @Test func weights() {
        let configuration = PacingConfiguration()
        #expect(configuration.weight(ofWhatToShow: "BID_ASK") == 2)
        #expect(configuration.weight(ofWhatToShow: "TRADES") == 1)
        #expect(configuration.weight(ofWhatToShow: "BID") == 1)
    }

    @Test func thirtyBidAskRequestsFillTheTenMinuteWindow() {
        var engine = PacingEngine()
        let thirty = (0..<30).map { index in
            (JudgedRequest.testBars(reqId: index, symbol: "S\(index)", whatToShow: "BID_ASK"), Double(index) * 10)
        }
        #expect(engine.firstRefusal(thirty) == nil)
        #expect(engine.rollingUnits(now: 300) == 60)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 30, symbol: "T"), now: 300) == .violation(.rollingWindow))
    }

    @Test func bidAskNeedsTwoFreeUnits() {
        var engine = PacingEngine()
        let fiftyNine = (0..<59).map { index in
            (JudgedRequest.testBars(reqId: index, symbol: "S\(index)"), Double(index))
        }
        #expect(engine.firstRefusal(fiftyNine) == nil)
        let bidAsk = JudgedRequest.testBars(reqId: 59, symbol: "B", whatToShow: "BID_ASK")
        #expect(engine.evaluateAndFinish(bidAsk, now: 59) == .violation(.rollingWindow))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 60, symbol: "T"), now: 59).isAllowed)
    }

    @Test func thirdBidAskForOneContractWithinTwoSecondsViolates() {
        var engine = PacingEngine()
        let schedule = (0..<3).map { index in
            (
                JudgedRequest.testBars(reqId: index, whatToShow: "BID_ASK", end: "2024010\(index + 1)-21:00:00"),
                0.5 * Double(index)
            )
        }
        let refusal = engine.firstRefusal(schedule)
        #expect(refusal?.index == 2)
        #expect(refusal?.verdict == .violation(.perContract))
    }

    @Test func bidAskHasItsOwnSameContractCount() {
        // The same-contract key includes whatToShow, so four TRADES requests leave BID_ASK's count at zero.
        var engine = PacingEngine()
        let fourTrades = (0..<4).map { index in
            (JudgedRequest.testBars(reqId: index, end: "2024010\(index + 1)-21:00:00"), 0.1 * Double(index))
        }
        #expect(engine.firstRefusal(fourTrades) == nil)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 10, whatToShow: "BID_ASK"), now: 0.5).isAllowed)
        #expect(
            engine.evaluateAndFinish(.testBars(reqId: 11, whatToShow: "BID_ASK", useRTH: false), now: 0.6).isAllowed
        )
        #expect(
            engine.evaluateAndFinish(.testBars(reqId: 12, whatToShow: "BID_ASK", end: "20240109-21:00:00"), now: 0.7)
                == .violation(.perContract)
        )
        #expect(engine.evaluateAndFinish(.testBars(reqId: 13, end: "20240109-21:00:00"), now: 0.8).isAllowed)
    }
}
