import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct FailureTests {
    @Test(arguments: [0.0, 0.5, 0.999])
    func transientFailuresBackOffExponentiallyOnTheServerClock(jitter: Double) async throws {
        // A 1 s base: the earliest due time (jitter 0) is 500 ms away, a margin a loaded CI machine keeps.
        let backoff = Backoff(base: .milliseconds(1000), cap: .milliseconds(4000))
        try await TestRedis.withQueue(
            TestRedis.settings {
                $0.backoff = backoff
                $0.maxAttempts = 10
                $0.promoteOnClaim = 0
            }
        ) { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            for attempt in 1...3 {
                let chunk = try #require(try await queue.claim(worker: "w", clientID: 1))
                let before = try await queue.connection.serverTime()
                let outcome = try await queue.fail(
                    chunk,
                    as: .transient,
                    code: 162,
                    message: "Historical Market Data Service error message: query cancelled",
                    jitter: jitter
                )
                let after = try await queue.connection.serverTime()
                let wait = backoff.delay(afterAttempts: attempt, jitter: jitter).milliseconds
                guard case .delayed(let until) = outcome else {
                    Issue.record("Attempt \(attempt): expected a delay, got \(outcome)")
                    return
                }
                #expect((before + wait...after + wait).contains(until), "attempt \(attempt)")
                let record = try #require(try await queue.record(of: "c1"))
                #expect(record.attempts == attempt)
                #expect(record.dueAt == until)
                #expect(record.lastError?.code == 162)
                #expect(record.state == .delayed)
                // Not before its time… (judged on the Redis clock, read after promote returned, so a slow machine
                // cannot make this flaky: a promote that ran before `until` must find nothing).
                let early = try await queue.promote()
                let checkedAt = try await queue.connection.serverTime()
                if checkedAt < until {
                    #expect(early == [])
                } else if !early.isEmpty {
                    #expect(early == ["c1"])
                    continue
                }
                try await Task.sleep(for: .milliseconds(max(0, until - checkedAt) + 5))
                // …and promptly after.
                #expect(try await queue.promote() == ["c1"])
            }
        }
    }

    @Test func transientFailuresDieAfterMaxAttemptsKeepingIBsError() async throws {
        try await TestRedis.withQueue(
            TestRedis.settings {
                $0.maxAttempts = 3
                $0.backoff = Backoff(base: .zero, cap: .zero)
            }
        ) { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            var outcomes: [ReleaseOutcome] = []
            for attempt in 1...3 {
                let chunk = try #require(try await queue.claim(worker: "w", clientID: 1))
                let outcome = try await queue.fail(
                    chunk,
                    as: .transient,
                    code: 366,
                    message: "No historical data query found for ticker id: \(attempt)",
                    jitter: 0.3
                )
                outcomes.append(outcome.isDelayed ? .delayed(until: 0) : outcome)
            }
            #expect(outcomes == [.delayed(until: 0), .delayed(until: 0), .dead])
            let page = try await queue.listDead()
            #expect(page.total == 1)
            let dead = try #require(page.chunks.first)
            #expect(dead.id == "c1")
            #expect(dead.record.attempts == 3)
            #expect(dead.record.lastError?.failureClass == .transient)
            #expect(dead.record.lastError?.code == 366)
            #expect(dead.record.lastError?.message == "No historical data query found for ticker id: 3")
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func permanentFailuresDieAtOnce() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            let chunk = try #require(try await queue.claim(worker: "w", clientID: 1))
            let text = "No security definition has been found for the request — «ÄÖ» \"quoted\""
            #expect(try await queue.fail(chunk, as: .permanent, code: 200, message: text) == .dead)
            let record = try #require(try await queue.record(of: "c1"))
            #expect(record.state == .dead)
            #expect(record.attempts == 1)
            #expect(
                record.lastError == ChunkError(failureClass: .permanent, code: 200, message: text, at: record.since)
            )
            let stats = try await queue.stats()
            #expect(stats.dead == 1)
            #expect(stats.backlog == 0)
        }
    }

    @Test func jitterOutsideTheUnitIntervalIsRefused() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["c1"], backfillID: "b1")
            let chunk = try #require(try await queue.claim(worker: "w", clientID: 1))
            await #expect(throws: WorkQueueError.self) {
                try await queue.fail(chunk, as: .transient, code: nil, message: "x", jitter: 1.5)
            }
        }
    }
}

extension ReleaseOutcome {
    var isDelayed: Bool {
        if case .delayed = self { return true }
        return false
    }
}
