import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct CooldownTests {
    @Test func aViolationMakesEveryRequestWaitForTheCooldown() async throws {
        try await TestRedis.withPacer { pacer in
            let cooldown = try await pacer.reportPacingViolation()
            #expect(cooldown == PacerCooldown(remaining: .seconds(60), level: 0, escalated: true))
            let (wait, rule) = try #require(try await pacer.send(.small(1)).waited)
            #expect(rule == .cooldown)
            #expect(wait <= .seconds(60) && wait > .seconds(30))
            #expect(try await pacer.send(.large(2)).waited?.rule == .cooldown)
            // A second worker reporting the same incident confirms it without escalating.
            let again = try await pacer.reportPacingViolation()
            #expect(!again.escalated)
            #expect(again.level == 0)
            #expect(again.remaining <= .seconds(60))
            let state = try await pacer.state()
            #expect(state.cooldownRemaining > .seconds(30))
            #expect(state.openRequests == 0)
        }
    }

    @Test func repeatedViolationsDoubleTheCooldownUpToTheCap() async throws {
        let settings = TestRedis.settings {
            $0.cooldownBase = 0.2
            $0.cooldownCap = 0.5
            $0.cooldownResetWindow = 600
        }
        try await TestRedis.withPacer(settings) { pacer in
            var levels: [Int] = []
            var durations: [Duration] = []
            for _ in 1...3 {
                let cooldown = try await pacer.reportPacingViolation()
                #expect(cooldown.escalated)
                levels.append(cooldown.level)
                durations.append(cooldown.remaining)
                // Sleep past the cooldown, well inside the reset window.
                try await Task.sleep(for: cooldown.remaining + .milliseconds(100))
            }
            #expect(levels == [0, 1, 2])
            #expect(durations == [.milliseconds(200), .milliseconds(400), .milliseconds(500)])
            #expect(try await pacer.send(.small(1)).permit != nil)
        }
    }

    @Test func aQuietResetWindowStartsAgainAtTheBase() async throws {
        let settings = TestRedis.settings {
            $0.cooldownBase = 0.05
            $0.cooldownResetWindow = 0.2
        }
        try await TestRedis.withPacer(settings) { pacer in
            _ = try await pacer.reportPacingViolation()
            try await Task.sleep(for: .seconds(1))
            let cooldown = try await pacer.reportPacingViolation()
            #expect(cooldown.level == 0)
            #expect(cooldown.remaining == .milliseconds(50))
        }
    }
}
