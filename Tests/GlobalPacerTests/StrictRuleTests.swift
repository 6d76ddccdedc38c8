import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

/// The strict rules, judged on Redis's clock. Windows that must still be open when a test asserts a wait are
/// long (scale 1 or 10), so a starved machine cannot let them lapse; only "after the window" checks use short
/// windows, and they sleep generously.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct StrictRuleTests {
    /// Room for many requests in a row, so only the rule under test binds.
    static let roomy = TestRedis.settings {
        $0.messageLimit = 1000
        $0.maxOpenRequests = 50
    }

    @Test func the61stWeightedRequestWaitsUntilTheOldestLeaves() async throws {
        try await TestRedis.withPacer(Self.roomy) { pacer in
            var first: Int64?
            for number in 1...60 {
                let permit = try #require(try await pacer.decide(.small(number)).permit)
                #expect(permit.recorded.contains(.rolling60))
                let sentAt = try await pacer.markSent(permit)
                first = first ?? sentAt
                try await pacer.release(permit)
            }
            let before = try await pacer.connection.serverTime()
            let decision = try await pacer.send(.small(61))
            let after = try await pacer.connection.serverTime()
            let (wait, rule) = try #require(decision.waited)
            #expect(rule == .rolling60)
            let oldestLeaves = try #require(first) + 600_000
            #expect((oldestLeaves - after...oldestLeaves - before).contains(wait.milliseconds))
            #expect(try await pacer.state().rollingCount == 60)
        }
    }

    @Test func bidAskCountsTwice() async throws {
        try await TestRedis.withPacer(Self.roomy) { pacer in
            for number in 1...30 {
                let permit = try #require(try await pacer.send(.small(number, whatToShow: "BID_ASK")).permit)
                #expect(permit.weight == 2)
                try await pacer.release(permit)
            }
            #expect(try await pacer.state().rollingCount == 60)
            #expect(try await pacer.send(.small(31)).waited?.rule == .rolling60)
        }
    }

    @Test func theRollingWindowFreesItsSlotAfterTheWait() async throws {
        let settings = TestRedis.settings {
            $0.scale = 0.01
            $0.rollingLimit = 3
        }
        try await TestRedis.withPacer(settings) { pacer in
            for number in 1...3 {
                _ = try #require(try await pacer.send(.small(number)).permit)
            }
            guard let (wait, rule) = try await pacer.send(.small(4)).waited else {
                // The machine stalled past the 6 s window: nothing left to check.
                return
            }
            #expect(rule == .rolling60)
            #expect(wait <= .seconds(6))
            try await Task.sleep(for: wait + .milliseconds(200))
            #expect(try await pacer.send(.small(4)).permit != nil)
        }
    }

    @Test func theSixthSameContractRequestWaitsWhileAnotherContractGoes() async throws {
        try await TestRedis.withPacer(TestRedis.settings { $0.scale = 10 }) { pacer in
            var first: Int64?
            for number in 1...5 {
                let permit = try #require(try await pacer.decide(.small(number, contract: "AAPL")).permit)
                let sentAt = try await pacer.markSent(permit)
                first = first ?? sentAt
                try await pacer.release(permit)
            }
            let before = try await pacer.connection.serverTime()
            let (wait, rule) = try #require(try await pacer.send(.small(6, contract: "AAPL")).waited)
            #expect(rule == .perContract)
            let oldestLeaves = try #require(first) + 20_000
            #expect(wait.milliseconds <= oldestLeaves - before)
            #expect(wait.milliseconds > 0)
            #expect(try await pacer.send(.small(7, contract: "MSFT")).permit != nil)
            // Another whatToShow of the same contract is another key.
            #expect(try await pacer.send(.small(8, contract: "AAPL", whatToShow: "MIDPOINT")).permit != nil)
        }
    }

    @Test func bidAskCountsTwiceForTheSameContract() async throws {
        try await TestRedis.withPacer(TestRedis.settings { $0.scale = 10 }) { pacer in
            for number in 1...2 {
                let permit = try #require(
                    try await pacer.send(.small(number, contract: "EUR", whatToShow: "BID_ASK")).permit
                )
                try await pacer.release(permit)
            }
            // 4 units used; another BID_ASK would make 6.
            let decision = try await pacer.send(.small(3, contract: "EUR", whatToShow: "BID_ASK"))
            #expect(decision.waited?.rule == .perContract)
        }
    }

    @Test func anIdenticalRequestWaits() async throws {
        try await TestRedis.withPacer(TestRedis.settings { $0.scale = 10 }) { pacer in
            let permit = try #require(try await pacer.decide(.small(1, identity: "same")).permit)
            let sentAt = try await pacer.markSent(permit)
            try await pacer.release(permit)
            let before = try await pacer.connection.serverTime()
            let (wait, rule) = try #require(try await pacer.send(.small(2, identity: "same")).waited)
            #expect(rule == .identical)
            #expect(wait.milliseconds <= sentAt + 150_000 - before)
            #expect(wait > .seconds(100))
            #expect(try await pacer.send(.small(3, identity: "other")).permit != nil)
        }
    }

    @Test func anIdenticalRequestGoesAfterTheWindow() async throws {
        try await TestRedis.withPacer(TestRedis.settings { $0.scale = 0.01 }) { pacer in
            _ = try #require(try await pacer.send(.small(1, identity: "same")).permit)
            if let (wait, rule) = try await pacer.send(.small(2, identity: "same")).waited {
                #expect(rule == .identical)
                try await Task.sleep(for: wait + .milliseconds(200))
            } else {
                // The machine stalled past the 150 ms window, so the second went too: wait out its window instead.
                try await Task.sleep(for: .milliseconds(350))
            }
            #expect(try await pacer.send(.small(3, identity: "same")).permit != nil)
        }
    }

    @Test func theMessageRateCountsRequestsAndRecordedMessages() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.messageLimit = 4
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            try await pacer.recordMessages(2)
            for number in 1...2 {
                _ = try #require(try await pacer.send(.small(number)).permit)
            }
            #expect(try await pacer.state().messageCount == 4)
            let (wait, rule) = try #require(try await pacer.send(.small(3)).waited)
            #expect(rule == .messageRate)
            #expect(wait <= .seconds(10))
            #expect(try await pacer.recordMessages(1, waitingForRoom: true) != nil)
            // Already-sent messages are recorded regardless.
            #expect(try await pacer.recordMessages(1) == nil)
            #expect(try await pacer.state().messageCount == 5)
            await #expect(throws: PacerError.self) { try await pacer.recordMessages(5) }
        }
    }

    @Test func messagesGoAgainAfterTheWindow() async throws {
        let settings = TestRedis.settings {
            $0.scale = 0.01
            $0.messageLimit = 2
        }
        try await TestRedis.withPacer(settings) { pacer in
            try await pacer.recordMessages(2)
            // Waiting as long as Redis says makes room again: the loop must come back.
            while let pause = try await pacer.recordMessages(2, waitingForRoom: true) {
                try await Task.sleep(for: pause)
            }
            #expect(try await pacer.state().messageCount <= 2)
        }
    }

    @Test func anExchangeWithTheSeparatorIsRefused() async throws {
        try await TestRedis.withPacer { pacer in
            var request = PacedRequest.small(1)
            request.exchange = "A|B"
            await #expect(throws: PacerError.self) { try await pacer.send(request) }
        }
    }
}
