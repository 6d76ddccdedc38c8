import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct LeaseTests {
    @Test func heartbeatsExtendTheLeaseOnTheServerClock() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            let chunk = try #require(try await queue.claim(worker: "w", clientID: 1, lease: .seconds(1)))
            let before = try await queue.connection.serverTime()
            let status = try await queue.extendLease(chunk, by: .seconds(90))
            let after = try await queue.connection.serverTime()
            guard case .held(let deadline, let cancelRequested) = status else {
                Issue.record("Expected the lease to be held, got \(status)")
                return
            }
            #expect((before + 90_000...after + 90_000).contains(deadline))
            #expect(!cancelRequested)
            #expect(try await queue.record(of: "c1")?.leaseDeadline == deadline)
        }
    }

    @Test func anExpiredLeaseIsReapedAndTheOldHolderLosesIt() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1", "c2"], backfillID: "b1")
            let short = try #require(try await queue.claim(worker: "dying", clientID: 1, lease: .seconds(5)))
            let long = try #require(try await queue.claim(worker: "alive", clientID: 2, lease: .seconds(30)))
            #expect(try await queue.reap() == [])
            try await Task.sleep(for: .milliseconds(5100))
            #expect(try await queue.reap() == [ReapedChunk(id: short.id, state: .ready)])
            let record = try #require(try await queue.record(of: short.id))
            #expect(record.state == .ready)
            #expect(record.attempts == 1)
            #expect(record.lastError?.failureClass == .leaseExpired)
            #expect(try await queue.extendLease(short) == .lost)
            #expect(try await queue.ack(short) == .notHeld)
            #expect(try await queue.fail(short, as: .transient, code: nil, message: "late") == .notHeld)
            #expect(try await queue.requeueWithoutPenalty(short) == .notHeld)
            // A new claim of the same chunk by the same worker id gets a new token; the old claim stays dead.
            let again = try #require(try await queue.claim(worker: "dying", clientID: 1))
            #expect(again.id == short.id)
            #expect(again.leaseToken != short.leaseToken)
            #expect(try await queue.ack(short) == .notHeld)
            #expect(try await queue.ack(again) == .done)
            #expect(try await queue.ack(long) == .done)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func anExpiredButUnreapedLeaseCanStillBeRenewed() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            let chunk = try #require(try await queue.claim(worker: "slow", clientID: 1, lease: .milliseconds(5)))
            try await Task.sleep(for: .milliseconds(20))
            guard case .held = try await queue.extendLease(chunk, by: .seconds(30)) else {
                Issue.record("The lease should still be held until reaped")
                return
            }
            #expect(try await queue.reap() == [])
            #expect(try await queue.ack(chunk) == .done)
        }
    }

    @Test func reapingSpendsAnAttemptAndDeadLettersAtTheLimit() async throws {
        try await TestRedis.withQueue(TestRedis.settings { $0.maxAttempts = 2 }) { queue in
            try await queue.enqueue(["poison"], backfillID: "b1")
            for expected in [QueueState.ready, .dead] {
                _ = try #require(try await queue.claim(worker: "w", clientID: 1, lease: .milliseconds(1)))
                try await Task.sleep(for: .milliseconds(10))
                #expect(try await queue.reap() == [ReapedChunk(id: "poison", state: expected)])
            }
            let page = try await queue.listDead()
            #expect(page.chunks.map(\.id) == ["poison"])
            #expect(page.chunks.first?.record.attempts == 2)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func requeueWithoutPenaltyKeepsTheAttempts() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1", "c2"], backfillID: "b1")
            let first = try #require(try await queue.claim(worker: "w", clientID: 1))
            #expect(try await queue.requeueWithoutPenalty(first) == .ready)
            // At the back of its priority: c2 is served first now.
            let second = try #require(try await queue.claim(worker: "w", clientID: 1))
            #expect(second.id == "c2")
            let before = try await queue.connection.serverTime()
            let outcome = try await queue.requeueWithoutPenalty(second, after: .milliseconds(500))
            let after = try await queue.connection.serverTime()
            guard case .delayed(let until) = outcome else {
                Issue.record("Expected a delayed requeue, got \(outcome)")
                return
            }
            #expect((before + 500...after + 500).contains(until))
            #expect(try await queue.record(of: "c1")?.attempts == 0)
            #expect(try await queue.record(of: "c2")?.attempts == 0)
            #expect(try await queue.record(of: "c2")?.state == .delayed)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }
}
