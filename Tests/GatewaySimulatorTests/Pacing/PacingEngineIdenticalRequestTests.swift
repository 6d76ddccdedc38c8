import GatewaySimulator
import Testing

@Suite("Pacing: identical requests within 15 seconds")
struct PacingEngineIdenticalRequestTests {
    @Test func identicalRequestBeforeFifteenSecondsViolates() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1), now: 100) == .allowed(latency: 0))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 2), now: 114.9) == .violation(.identicalRequest))
    }

    @Test func identicalRequestAtFifteenSecondsIsAllowed() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1), now: 100) == .allowed(latency: 0))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 2), now: 115) == .allowed(latency: 0))
    }

    @Test func refusalDoesNotRestartTheWindow() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1), now: 0).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 2), now: 14.9) == .violation(.identicalRequest))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 3), now: 15).isAllowed)
    }

    @Test func identicalFromAnotherClientViolates() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(client: 1, reqId: 1), now: 0).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(client: 2, reqId: 1), now: 5) == .violation(.identicalRequest))
    }

    @Test func anyDifferentParameterMakesItAnotherRequest() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1), now: 0).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 2, useRTH: false), now: 0.1).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 3, end: "20240104-21:00:00"), now: 0.2).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 4, barSize: "10 secs"), now: 0.3).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 5, whatToShow: "MIDPOINT"), now: 0.4).isAllowed)
    }

    @Test func bidAskIsJudgedOnceLikeAnyOtherRequest() {
        var engine = PacingEngine()
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1, whatToShow: "BID_ASK"), now: 0).isAllowed)
        #expect(
            engine.evaluateAndFinish(.testBars(reqId: 2, whatToShow: "BID_ASK"), now: 14.9)
                == .violation(.identicalRequest)
        )
        #expect(engine.evaluateAndFinish(.testBars(reqId: 3, whatToShow: "BID_ASK"), now: 15).isAllowed)
    }

    @Test func identicalHeadTimestampViolatesWhateverTheBarSizeRules() {
        var engine = PacingEngine()
        let request = { (reqId: Int) in
            JudgedRequest.headTimestamp(
                identity: RequestIdentity(clientId: 1, reqId: reqId),
                contractKey: "conId:265598",
                exchange: "SMART",
                whatToShow: "TRADES",
                useRTH: true,
                formatDate: 2
            )
        }
        #expect(engine.evaluate(request(1), now: 0).isAllowed)
        #expect(engine.evaluate(request(2), now: 10) == .violation(.identicalRequest))
    }
}
