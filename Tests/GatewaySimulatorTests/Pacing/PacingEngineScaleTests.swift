import GatewaySimulator
import Testing

@Suite("Pacing: --pacing-scale shrinks every window")
struct PacingEngineScaleTests {
    static let fast = PacingConfiguration(scale: 0.01)

    @Test func windowsAreMultipliedByTheScale() {
        #expect(Self.fast.scaled(Self.fast.identicalWindow) == 15 * 0.01)
        #expect(MessageRateLimiter(configuration: Self.fast).window == 0.01)
        #expect(PacingConfiguration.isValidScale(0.01))
        #expect(!PacingConfiguration.isValidScale(0))
        #expect(!PacingConfiguration.isValidScale(-1))
        #expect(!PacingConfiguration.isValidScale(.infinity))
        #expect(!PacingConfiguration.isValidScale(.nan))
    }

    @Test func identicalWindowIsFifteenHundredthsOfASecond() {
        var engine = PacingEngine(configuration: Self.fast)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 1), now: 0).isAllowed)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 2), now: 0.149) == .violation(.identicalRequest))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 3), now: 0.15).isAllowed)
    }

    @Test func perContractWindowIsTwoHundredthsOfASecond() {
        var engine = PacingEngine(configuration: Self.fast)
        let schedule = (0..<6).map { index in
            (JudgedRequest.testBars(reqId: index, end: "2024010\(index + 1)-21:00:00"), 0.003 * Double(index))
        }
        #expect(engine.firstRefusal(schedule)?.index == 5)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 9, end: "20240109-21:00:00"), now: 0.02).isAllowed)
    }

    @Test func rollingWindowIsSixSeconds() {
        var engine = PacingEngine(configuration: Self.fast)
        let sixty = (0..<60).map { index in
            (JudgedRequest.testBars(reqId: index, symbol: "S\(index)"), 5.99 * Double(index) / 59)
        }
        #expect(engine.firstRefusal(sixty) == nil)
        #expect(engine.evaluateAndFinish(.testBars(reqId: 60, symbol: "A"), now: 5.995) == .violation(.rollingWindow))
        #expect(engine.evaluateAndFinish(.testBars(reqId: 61, symbol: "B"), now: 6).isAllowed)
    }

    @Test func softThrottleLatencyIsScaledToo() {
        let throttle = SoftThrottle(configuration: Self.fast)
        #expect(throttle.latency(forLoad: 61) == 0.5 * 0.01)
        #expect(throttle.latency(forLoad: 10_000) == 30 * 0.01)
    }
}
