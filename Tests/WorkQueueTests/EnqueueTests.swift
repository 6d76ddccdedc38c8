import BackfillTestSupport
import Foundation
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct EnqueueTests {
    @Test func enqueueIsIdempotent() async throws {
        try await TestRedis.withQueue { queue in
            #expect(try await queue.enqueue(["a", "b", "c"], backfillID: "b1") == 3)
            #expect(try await queue.enqueue(["a", "b", "c", "d"], backfillID: "b1") == 1)
            #expect(try await queue.enqueue(["e", "e", "e"], backfillID: "b1") == 1)
            let stats = try await queue.stats()
            #expect(stats.ready == 5)
            #expect(stats.backlog == 5)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func chunksInFlightDeadOrDoneAreNotAddedAgain() async throws {
        try await TestRedis.withQueue(TestRedis.settings { $0.maxAttempts = 1 }) { queue in
            try await queue.enqueue(["done", "dead", "held"], backfillID: "b1")
            let first = try #require(try await queue.claim(worker: "w", clientID: 1))
            let second = try #require(try await queue.claim(worker: "w", clientID: 1))
            let third = try #require(try await queue.claim(worker: "w", clientID: 1))
            #expect([first.id, second.id, third.id] == ["done", "dead", "held"])
            #expect(try await queue.ack(first) == .done)
            #expect(try await queue.fail(second, as: .transient, code: 1100, message: "lost", jitter: 0) == .dead)
            #expect(try await queue.enqueue(["done", "dead", "held"], backfillID: "b1") == 0)
            #expect(try await queue.record(of: "done")?.state == .done)
            #expect(try await queue.record(of: "dead")?.state == .dead)
            #expect(try await queue.record(of: "held")?.state == .inFlight)
            #expect(try await queue.claim(worker: "w", clientID: 1) == nil)
        }
    }

    @Test func largeEnqueuesGoInBatches() async throws {
        try await TestRedis.withQueue(TestRedis.settings { $0.enqueueBatchSize = 1000 }) { queue in
            let ids = (0..<2_500).map { String(format: "%032x", $0) }
            #expect(try await queue.enqueue(ids, backfillID: "big") == 2_500)
            #expect(try await queue.enqueue(ids.reversed(), backfillID: "big") == 0)
            let stats = try await queue.stats()
            #expect(stats.ready == 2_500)
            #expect(stats.backlog == 2_500)
            #expect(stats.readyByPriority.map(\.ready) == [2_500])
            // FIFO across batches.
            #expect(try await queue.claim(worker: "w", clientID: 1)?.id == ids[0])
        }
    }

    @Test func priorityOutsideTheRangeIsRefused() async throws {
        let queue = try WorkQueue(connection: try RedisKitStub.unconnected())
        await #expect(throws: WorkQueueError.self) {
            try await queue.enqueue(["a"], backfillID: "b", priority: 1001)
        }
    }
}
