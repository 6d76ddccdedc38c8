import GatewaySimulator
import Testing

@Suite("Pacing: 50 messages per second, three strikes")
struct MessageRateLimiterTests {
    @Test func fiftyFirstMessageWithinASecondIsAViolation() {
        var limiter = MessageRateLimiter()
        for index in 0..<50 {
            #expect(limiter.admit(clientId: 1, now: 10 + Double(index) * 0.019) == .accepted)
        }
        #expect(limiter.admit(clientId: 1, now: 10.99) == .rejected(violations: 1))
        #expect(limiter.violations(clientId: 1) == 1)
        #expect(limiter.admit(clientId: 2, now: 10.99) == .accepted)
    }

    @Test func windowSlidesAndRejectedMessagesDoNotCount() {
        var limiter = MessageRateLimiter()
        for _ in 0..<50 { _ = limiter.admit(clientId: 1, now: 0) }
        #expect(limiter.admit(clientId: 1, now: 0.5) == .rejected(violations: 1))
        #expect(limiter.admit(clientId: 1, now: 0.999) == .rejected(violations: 2))
        // At 1 s the fifty messages of 0 s have left the window; the rejected ones were never in it.
        for _ in 0..<50 { #expect(limiter.admit(clientId: 1, now: 1) == .accepted) }
    }

    @Test func thirdViolationDisconnects() {
        var engine = PacingEngine()
        var verdicts: [MessageRateLimiter.Verdict] = []
        for _ in 0..<53 { verdicts.append(engine.admitMessage(from: 4, now: 3)) }
        #expect(verdicts.prefix(50).allSatisfy { $0 == .accepted })
        #expect(Array(verdicts.suffix(3)) == [.rejected(violations: 1), .rejected(violations: 2), .disconnect])
        // Violations are per session: still disconnect-worthy a minute later, until the session is released.
        #expect(engine.admitMessage(from: 4, now: 60) == .disconnect)
        engine.releaseClient(4)
        #expect(engine.messageRate.violations(clientId: 4) == 0)
        #expect(engine.admitMessage(from: 4, now: 60) == .accepted)
    }

    @Test func violationsSpreadOverTheSessionStillAddUp() {
        var limiter = MessageRateLimiter()
        for second in 0..<3 {
            for _ in 0..<50 { _ = limiter.admit(clientId: 1, now: Double(second) * 10) }
            let verdict = limiter.admit(clientId: 1, now: Double(second) * 10)
            #expect(verdict == (second < 2 ? .rejected(violations: second + 1) : .disconnect))
        }
    }

    @Test func scaledWindow() {
        var limiter = MessageRateLimiter(configuration: PacingConfiguration(scale: 0.01))
        for _ in 0..<50 { _ = limiter.admit(clientId: 1, now: 0) }
        #expect(limiter.admit(clientId: 1, now: 0.0099) == .rejected(violations: 1))
        #expect(limiter.admit(clientId: 1, now: 0.01) == .accepted)
    }

    @Test func ruleTexts() {
        #expect(PacingRule.messageRate.errorCode == 100)
        #expect(PacingRule.messageRate.errorMessage == "Max rate of messages per second has been exceeded.")
        #expect(PacingRule.messageRate.identifier == "message-rate-50s")
    }
}
