import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct CancelTests {
    @Test func cancelEmptiesTheQueueOfABackfillAndFlagsWorkInFlight() async throws {
        try await TestRedis.withQueue(
            TestRedis.settings {
                $0.maintenanceBatchSize = 3
                $0.maxAttempts = 1
            }
        ) { queue in
            // Backfill x: two in flight, one delayed, one dead, five ready. Backfill y is untouched.
            try await queue.enqueue(["x-flight-1", "x-flight-2", "x-delayed", "x-dead"], backfillID: "x", priority: 9)
            try await queue.enqueue((1...5).map { "x-ready-\($0)" }, backfillID: "x")
            try await queue.enqueue(["y-1", "y-2"], backfillID: "y")
            let flight1 = try #require(try await queue.claim(worker: "w1", clientID: 1))
            let flight2 = try #require(try await queue.claim(worker: "w2", clientID: 2))
            let delayed = try #require(try await queue.claim(worker: "w3", clientID: 3))
            let dying = try #require(try await queue.claim(worker: "w3", clientID: 3))
            #expect(try await queue.requeueWithoutPenalty(delayed, after: .seconds(60)) != .notHeld)
            #expect(try await queue.fail(dying, as: .permanent, code: 200, message: "bad") == .dead)

            let result = try await queue.cancel(backfillID: "x")
            #expect(result == CancelResult(removed: 7, flaggedInFlight: 2))
            #expect(try await queue.cancel(backfillID: "x") == CancelResult(removed: 0, flaggedInFlight: 0))
            let snapshot = try await QueueSnapshot.read(queue)
            #expect(snapshot.placementViolations() == [])
            #expect(snapshot.ready.map(\.id) == ["y-1", "y-2"])
            #expect(snapshot.delayed.isEmpty)
            #expect(snapshot.dead.isEmpty)
            #expect(snapshot.inFlight.keys.sorted() == ["x-flight-1", "x-flight-2"])
            #expect(snapshot.state(of: "x-ready-3") == .cancelled)
            #expect(snapshot.state(of: "x-dead") == .cancelled)

            guard case .held(_, let cancelRequested) = try await queue.extendLease(flight1) else {
                Issue.record("The flagged chunk should still be held")
                return
            }
            #expect(cancelRequested)
            // The finished one is done; the failed one leaves as cancelled, not delayed.
            #expect(try await queue.ack(flight1) == .done)
            #expect(try await queue.fail(flight2, as: .transient, code: nil, message: "x") == .cancelled)
            #expect(try await queue.record(of: "x-flight-2")?.state == .cancelled)
            #expect(try await queue.stats().backlog == 2)
        }
    }

    @Test func reEnqueueingRevivesCancelledChunksAndWithdrawsTheFlag() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["held", "waiting"], backfillID: "x")
            let held = try #require(try await queue.claim(worker: "w", clientID: 1))
            try await queue.cancel(backfillID: "x")
            #expect(try await queue.enqueue(["held", "waiting"], backfillID: "x") == 1)
            #expect(try await queue.record(of: "held")?.cancelRequested == false)
            #expect(try await queue.record(of: "waiting")?.state == .ready)
            // With the flag withdrawn a failure is retried again.
            #expect(try await queue.fail(held, as: .transient, code: nil, message: "x", jitter: 0).isDelayed)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func reapedAndRequeuedChunksOfACancelledBackfillLeave() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["lost", "handed-back"], backfillID: "x")
            _ = try #require(try await queue.claim(worker: "w1", clientID: 1, lease: .milliseconds(1)))
            let handedBack = try #require(try await queue.claim(worker: "w2", clientID: 2))
            try await queue.cancel(backfillID: "x")
            try await Task.sleep(for: .milliseconds(10))
            #expect(try await queue.reap() == [ReapedChunk(id: "lost", state: .cancelled)])
            #expect(try await queue.requeueWithoutPenalty(handedBack) == .cancelled)
            let stats = try await queue.stats()
            #expect(stats.ready + stats.inFlight + stats.delayed + stats.dead + stats.backlog == 0)
        }
    }
}
