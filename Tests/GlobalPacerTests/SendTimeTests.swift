import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

/// IB counts a request when it arrives, so the windows must hold each request from its send, not its permit.
/// These tests are the causes of "61 in a window" the pacer was checked for, each ruled out.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct SendTimeTests {
    static let roomy = TestRedis.settings {
        $0.messageLimit = 1000
        $0.maxOpenRequests = 50
    }

    /// Fills the rolling window with `count` permits; each is sent and answered (released) unless `unsent` says
    /// otherwise.
    static func fill(
        _ pacer: GlobalPacer,
        count: Int = 60,
        unsent: Set<Int> = []
    ) async throws -> [PacerPermit] {
        var permits: [PacerPermit] = []
        for number in 1...count {
            let permit = try #require(try await pacer.decide(.small(number)).permit)
            if !unsent.contains(number) {
                try await pacer.markSent(permit)
                try await pacer.release(permit)
            }
            permits.append(permit)
        }
        return permits
    }

    @Test func aLateSendIsCountedFromTheSendNotThePermit() async throws {
        try await TestRedis.withPacer(Self.roomy) { pacer in
            let first = try #require(try await pacer.decide(.small(0)).permit)
            // The first worker is slow between its permit and its send.
            try await Task.sleep(for: .milliseconds(400))
            let sentAt = try await pacer.markSent(first)
            #expect(sentAt >= first.grantedAt + 400)
            try await pacer.release(first)
            for number in 1...59 {
                let permit = try #require(try await pacer.decide(.small(number)).permit)
                try await pacer.markSent(permit)
                try await pacer.release(permit)
            }
            let before = try await pacer.connection.serverTime()
            let (wait, rule) = try #require(try await pacer.decide(.small(60)).waited)
            let after = try await pacer.connection.serverTime()
            #expect(rule == .rolling60)
            // The 61st may go when the first request leaves IB's window: 600 s after it was sent.
            #expect((sentAt + 600_000 - after...sentAt + 600_000 - before).contains(wait.milliseconds))
            #expect(wait.milliseconds > first.grantedAt + 600_000 - before)
        }
    }

    @Test func aPermitNotYetSentHoldsItsSlotWhateverTheTime() async throws {
        // A window of 600 ms: the permits' grants leave it long before the check, but they were never marked
        // sent, so they might be sent at any moment and must keep counting.
        let settings = TestRedis.settings {
            $0.scale = 0.001
            $0.rollingLimit = 10
            $0.messageLimit = 1000
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            let permits = try await Self.fill(pacer, count: 10, unsent: Set(1...10))
            try await Task.sleep(for: .milliseconds(800))
            let (wait, rule) = try #require(try await pacer.decide(.small(11)).waited)
            #expect(rule == .rolling60)
            // The earliest one could leave: a whole window from now, were it sent now.
            #expect(wait == .milliseconds(600))
            #expect(try await pacer.state().rollingCount == 10)
            // Sent now: they leave one window later, then the 11th goes.
            for permit in permits { try await pacer.markSent(permit) }
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await pacer.decide(.small(11)).permit != nil)
        }
    }

    @Test func aPermitReturnedUnsentFreesEverythingItTook() async throws {
        try await TestRedis.withPacer(Self.roomy) { pacer in
            let permits = try await Self.fill(pacer, unsent: [60])
            #expect(try await pacer.decide(.small(61)).waited?.rule == .rolling60)
            #expect(try await pacer.returnUnsent(permits[59]))
            let state = try await pacer.state()
            #expect(state.rollingCount == 59)
            #expect(state.openRequests == 0)
            // Its identity is free again too: the same request may be asked for at once.
            let again = try #require(try await pacer.decide(.small(60)).permit)
            #expect(again.recorded.contains(.identical))
            // A second return of the same permit takes nothing from anyone.
            #expect(try await pacer.returnUnsent(permits[59]) == false)
            #expect(try await pacer.state().rollingCount == 60)
        }
    }

    @Test func aRequestIBRefusedStillCounts() async throws {
        // IB may count a request it answered with 162; the pacer keeps every request that was written, whatever
        // the answer: releasing frees only the open slot.
        try await TestRedis.withPacer(Self.roomy) { pacer in
            let permit = try #require(try await pacer.decide(.small(1, whatToShow: "BID_ASK")).permit)
            try await pacer.markSent(permit)
            try await pacer.release(permit)
            let state = try await pacer.state()
            #expect(state.rollingCount == 2)
            #expect(state.openRequests == 0)
            #expect(try await pacer.decide(.small(2, identity: "request-1")).waited?.rule == .identical)
            // After a 162 the chunk is handed back for the cooldown, which outlasts the identical window, and
            // every rule judges it again when it returns.
            let cooldown = try await pacer.reportPacingViolation()
            #expect(cooldown.remaining >= .seconds(pacer.configuration.identicalWindow))
            let (wait, rule) = try #require(try await pacer.decide(.small(1)).waited)
            #expect(rule == .cooldown)
            #expect(wait > .seconds(15))
        }
    }

    @Test func everyWeightedWindowMovesToTheSendTime() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.maxOpenRequests = 50
        }
        try await TestRedis.withPacer(settings) { pacer in
            let permit = try #require(
                try await pacer.decide(.small(1, contract: "EUR", whatToShow: "BID_ASK", identity: "x")).permit
            )
            #expect(permit.recorded.isSuperset(of: [.rolling60, .perContract, .identical, .messageRate]))
            #expect(permit.sendDeadline == permit.grantedAt + 10_000)
            let sentAt = try await pacer.markSent(permit)
            let c = pacer.configuration
            let keys = pacer.keys
            let contract = keys.perContract(contractKey: "EUR", exchange: "SMART", whatToShow: "BID_ASK")
            for key in [keys.rolling, contract] {
                let scores = try await pacer.connection.send("ZRANGE", key, "0", "-1", "WITHSCORES").array ?? []
                #expect(scores.compactMap(\.string).filter { !$0.contains("#") } == ["\(sentAt)", "\(sentAt)"])
            }
            #expect(try await pacer.connection.send("ZSCORE", keys.identical, "x").string == "\(sentAt)")
            #expect(try await pacer.connection.send("ZSCORE", keys.messages, permit.token + "#1").string == "\(sentAt)")
            // Each key now lives as long as its newest entry stays in its window, no longer.
            let ttl = try await pacer.connection.send("PTTL", contract).integer ?? 0
            #expect(ttl <= c.windowMilliseconds(c.perContractWindow))
        }
    }

    @Test func theSendDeadlineAndTheMarginDoNotShrinkWithTheScale() async throws {
        // Delays between permit and send, and the network's, are real time whatever the pacing scale.
        let settings = TestRedis.settings {
            $0.scale = 0.01
            $0.windowMargin = .milliseconds(250)
        }
        #expect(settings.sendDeadline == .seconds(10))
        #expect(settings.windowMilliseconds(600) == 6_000 + 250)
        try await TestRedis.withPacer(settings) { pacer in
            let permit = try #require(try await pacer.decide(.small(1)).permit)
            #expect(permit.sendDeadline - permit.grantedAt == 10_000)
        }
    }

    @Test func theLocalSendDeadlineNeverFallsAfterRedisOne() async throws {
        // The local deadline must be counted from before the script runs on Redis, never from its reply. To tell
        // the two apart without a tight timing bound, the pacer's connection is first parked in a blocking pop,
        // and freed 400 ms after the call starts: Redis runs the script, and reads its clock, only after that.
        try await TestRedis.withPacer { pacer in
            let hold = Duration.milliseconds(400)
            let name = "sendtime-\(UInt32.random(in: 0...UInt32.max))"
            let idle = pacer.keys.base + "idle"
            try await pacer.connection.send("CLIENT", "SETNAME", name)
            let parked = Task { try await pacer.connection.send("BLPOP", idle, "10") }
            try await RedisConnection.withConnection(configuration: try TestServers.redisConfiguration()) { other in
                try await Self.waitUntilBlocked(clientNamed: name, other)
                let before = ContinuousClock.now
                let release = Task {
                    try await Task.sleep(for: hold)
                    try await other.send("LPUSH", idle, "go")
                }
                let permit = try #require(try await pacer.decide(.small(1)).permit)
                let after = ContinuousClock.now
                try await release.value
                _ = try await parked.value
                #expect(after - before >= hold)
                let counted = permit.sendBy - pacer.configuration.sendDeadline
                #expect(counted >= before)
                // From the call's start, not from the reply. Half the hold is the slack a busy machine may take
                // between `before` and the pacer's own clock reading; the reply came a whole hold later.
                #expect(counted < before + hold / 2, "counted from \(counted - before) after the call started")
            }
        }
    }

    /// Polls `CLIENT LIST` until the client named `name` is blocked in a command.
    static func waitUntilBlocked(clientNamed name: String, _ connection: RedisConnection) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let clients = try await connection.send("CLIENT", "LIST").string ?? ""
            let line = clients.split(separator: "\n").first { $0.contains(" name=\(name) ") }
            if let line, line.contains(" cmd=blpop ") { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("Client \(name) never blocked")
    }

    @Test func entriesFromBeforeABackwardClockStepKeepCounting() async throws {
        // If Redis's clock steps back, entries written before the step lie in its future. They must still count
        // (the windows over-count until the clock catches up, never under-count); a forward step is what the
        // window margin covers.
        try await TestRedis.withPacer(Self.roomy) { pacer in
            let now = try await pacer.connection.serverTime()
            var arguments = [String]()
            for unit in 1...60 { arguments += ["\(now + 5_000)", "stepped#\(unit)"] }
            try await pacer.connection.send(RedisCommand("ZADD", arguments: [pacer.keys.rolling] + arguments))
            let (wait, rule) = try #require(try await pacer.decide(.small(1)).waited)
            #expect(rule == .rolling60)
            #expect(wait == .milliseconds(600_000))
        }
    }
}
