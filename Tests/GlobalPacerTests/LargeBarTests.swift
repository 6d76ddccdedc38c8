import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct LargeBarTests {
    @Test func largeBarsApplyOnlyTheirProfilesRules() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.rollingLimit = 2
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            for number in 1...5 {
                let permit = try #require(try await pacer.send(.large(number)).permit)
                #expect(permit.recorded == [.openRequests, .perContract, .identical, .messageRate, .largeBarRate])
            }
            let state = try await pacer.state()
            #expect(state.rollingCount == 0)
            #expect(state.largeBarCount == 5)
            // The 60-per-10-minutes rule still binds small bars, which have it to themselves.
            _ = try #require(try await pacer.send(.small(1)).permit)
            _ = try #require(try await pacer.send(.small(2)).permit)
            #expect(try await pacer.send(.small(3)).waited?.rule == .rolling60)
            #expect(try await pacer.send(.large(6)).permit != nil)
            // The profile's rules still bind large bars.
            #expect(try await pacer.send(.large(7, identity: "large-1")).waited?.rule == .identical)
        }
    }

    @Test func theLargeBarRateWaitsUntilTheOldestLeaves() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.largeBars.rateLimit = 3
            $0.largeBars.minimumRateFraction = 0.5
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            let first = try #require(try await pacer.decide(.large(1, whatToShow: "BID_ASK")).permit)
            let firstSent = try await pacer.markSent(first)
            _ = try #require(try await pacer.send(.large(2)).permit)
            let before = try await pacer.connection.serverTime()
            let (wait, rule) = try #require(try await pacer.send(.large(3)).waited)
            #expect(rule == .largeBarRate)
            #expect(wait.milliseconds <= firstSent + 600_000 - before)
            #expect(wait > .seconds(500))
        }
    }

    @Test func slowdownsHalveTheRateAndSuccessesRestoreIt() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.largeBars.rateLimit = 8
            $0.largeBars.minimumRateFraction = 0.25
            $0.largeBars.increasePerSuccess = 0.5
            // Next to no recovery with time, so a stalled machine cannot move the numbers.
            $0.largeBars.recoveryPerWindow = 0.000_001
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            for number in 1...4 {
                _ = try #require(try await pacer.send(.large(number)).permit)
            }
            #expect(try await pacer.reportSlowdown() == 4)
            #expect(try await pacer.send(.large(5)).waited?.rule == .largeBarRate)
            // Other workers reporting the same slowdown within the hold-off change nothing.
            #expect(try await pacer.reportSlowdown() < 4.01)
            #expect(try await pacer.state().largeBarRate < 4.01)
            var rate = 0.0
            for _ in 1...4 { rate = try await pacer.reportSuccess() }
            #expect(rate >= 6 && rate < 6.01)
            #expect(try await pacer.send(.large(5)).permit != nil)
            for _ in 1...10 { rate = try await pacer.reportSuccess() }
            #expect(rate == 8)
        }
    }

    @Test func theRateNeverFallsBelowItsFloor() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.largeBars.rateLimit = 8
            $0.largeBars.minimumRateFraction = 0.25
            $0.largeBars.slowdownHoldoff = 0
        }
        try await TestRedis.withPacer(settings) { pacer in
            var rate = 0.0
            for _ in 1...5 { rate = try await pacer.reportSlowdown() }
            #expect(rate >= 2 && rate < 2.01)
        }
    }

    @Test func theRateRecoversWithTime() async throws {
        let settings = TestRedis.settings {
            $0.scale = 0.01
            $0.largeBars.rateLimit = 8
            $0.largeBars.recoveryPerWindow = 8
        }
        try await TestRedis.withPacer(settings) { pacer in
            #expect(try await pacer.reportSlowdown() == 4)
            // Recovery of 8 per 600 ms window: full after 300 ms; sleep generously.
            try await Task.sleep(for: .seconds(1))
            #expect(try await pacer.state().largeBarRate == 8)
        }
    }

    @Test func strictForLargeBarsAppliesEveryStrictRule() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.strictForLargeBars = true
            $0.rollingLimit = 2
        }
        try await TestRedis.withPacer(settings) { pacer in
            for number in 1...2 {
                let permit = try #require(try await pacer.send(.large(number)).permit)
                #expect(permit.recorded == [.openRequests, .rolling60, .perContract, .identical, .messageRate])
            }
            #expect(try await pacer.send(.large(3)).waited?.rule == .rolling60)
            #expect(try await pacer.state().largeBarCount == 0)
        }
    }
}
