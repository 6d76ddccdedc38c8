import GatewaySimulator
import Testing

@Suite("Pacing: large bars and the soft throttle")
struct SoftThrottleTests {
    @Test func barsAboveThirtySecondsLeaveTheHardRules() {
        let engine = PacingEngine()
        #expect(engine.appliesHardRules(to: .testBars(reqId: 1, barSize: "30 secs")))
        #expect(!engine.appliesHardRules(to: .testBars(reqId: 1, barSize: "1 min")))
        #expect(!engine.appliesHardRules(to: .testBars(reqId: 1, barSize: "1 day")))
        #expect(engine.appliesHardRules(to: .testBars(reqId: 1, barSize: "nonsense")))
        let strict = PacingEngine(configuration: PacingConfiguration(scale: 1, strictForLargeBars: true))
        #expect(strict.appliesHardRules(to: .testBars(reqId: 1, barSize: "1 day")))
    }

    @Test func identicalLargeBarRequestsAreAllowedUnlessStrict() {
        var engine = PacingEngine()
        for reqId in 0..<100 {
            #expect(engine.evaluateAndFinish(.testBars(reqId: reqId, barSize: "1 min"), now: 0).isAllowed)
        }
        #expect(engine.rollingUnits(now: 0) == 0)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 100), now: 0).isAllowed)

        var strict = PacingEngine(configuration: PacingConfiguration(scale: 1, strictForLargeBars: true))
        #expect(strict.evaluateAndFinish(.testBars(reqId: 0, barSize: "1 min"), now: 0).isAllowed)
        #expect(
            strict.evaluateAndFinish(.testBars(reqId: 1, barSize: "1 min"), now: 1) == .violation(.identicalRequest)
        )
    }

    @Test func latencyIsZeroUpToSixtyThenRisesMonotonicallyToACap() {
        let throttle = SoftThrottle()
        #expect((0...60).allSatisfy { throttle.latency(forLoad: $0) == 0 })
        #expect(throttle.latency(forLoad: 61) == 0.5)
        #expect(throttle.latency(forLoad: 70) == 5)
        let latencies = (0...1_000).map(throttle.latency(forLoad:))
        #expect(zip(latencies, latencies.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(latencies.last == 30)
    }

    @Test func engineAddsLatencyAsGatewayLoadGrows() {
        var engine = PacingEngine()
        var latencies: [Double] = []
        for reqId in 0..<100 {
            let client = reqId % 2 + 1
            guard
                case .allowed(let latency) = engine.evaluateAndFinish(
                    .testBars(client: client, reqId: reqId, barSize: "1 hour"),
                    now: Double(reqId)
                )
            else {
                Issue.record("request \(reqId) refused")
                return
            }
            latencies.append(latency)
        }
        #expect(latencies.prefix(60).allSatisfy { $0 == 0 })
        #expect(latencies[60] > 0)
        #expect(zip(latencies, latencies.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(engine.softThrottle.load(now: 99) == 100)
        #expect(engine.softThrottle.load(now: 600) == 99)
    }

    @Test func floodingClientIsDisconnectedOthersAreNot() {
        var engine = PacingEngine()
        for reqId in 0..<120 {
            let verdict = engine.evaluateAndFinish(
                .testBars(client: 1, reqId: reqId, barSize: "1 min"),
                now: 0.1 * Double(reqId)
            )
            #expect(verdict.isAllowed, "request \(reqId)")
        }
        #expect(engine.evaluateAndFinish(.testBars(client: 1, reqId: 120, barSize: "1 min"), now: 12) == .disconnect)
        #expect(engine.evaluateAndFinish(.testBars(client: 2, reqId: 1, barSize: "1 min"), now: 12).isAllowed)
        // The refused request was not recorded: once the first request is 60 s old there is room again.
        #expect(engine.evaluateAndFinish(.testBars(client: 1, reqId: 121, barSize: "1 min"), now: 59.9) == .disconnect)
        #expect(engine.evaluateAndFinish(.testBars(client: 1, reqId: 122, barSize: "1 min"), now: 60).isAllowed)
    }

    @Test func bidAskWeighsTwiceInTheFloodLimit() {
        var throttle = SoftThrottle()
        for index in 0..<60 {
            #expect(throttle.admit(clientId: 1, weight: 2, now: Double(index) * 0.01) != .disconnect)
        }
        #expect(throttle.admit(clientId: 1, weight: 1, now: 1) == .disconnect)
        #expect(throttle.load(now: 1) == 120)
    }

    @Test func disconnectReportsTheFloodRule() {
        #expect(PacingVerdict.disconnect.brokenRule == .softThrottleFlood)
        #expect(PacingRule.softThrottleFlood.errorCode == nil)
    }
}
