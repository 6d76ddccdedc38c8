import BackfillTestSupport
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct DeadLetterTests {
    /// Enqueues the chunks and kills each with a permanent failure carrying IB code 200.
    private func kill(_ ids: [String], backfill: String, in queue: WorkQueue) async throws {
        try await queue.enqueue(ids, backfillID: backfill)
        for _ in ids {
            let chunk = try #require(try await queue.claim(worker: "w", clientID: 1))
            #expect(
                try await queue.fail(chunk, as: .permanent, code: 200, message: "no definition \(chunk.id)") == .dead
            )
        }
    }

    @Test func listDeadPagesOldestFirstWithErrors() async throws {
        try await TestRedis.withQueue { queue in
            try await kill(["d1", "d2", "d3"], backfill: "b1", in: queue)
            let first = try await queue.listDead(offset: 0, count: 2)
            #expect(first.total == 3)
            #expect(first.chunks.map(\.id) == ["d1", "d2"])
            #expect(first.chunks.map { $0.record.lastError?.message } == ["no definition d1", "no definition d2"])
            #expect(first.chunks.allSatisfy { $0.diedAt == $0.record.since })
            let second = try await queue.listDead(offset: 2, count: 2)
            #expect(second.chunks.map(\.id) == ["d3"])
        }
    }

    @Test func retryOneChunkOneBackfillOrAll() async throws {
        try await TestRedis.withQueue(TestRedis.settings { $0.maintenanceBatchSize = 2 }) { queue in
            try await kill(["a1", "a2", "a3"], backfill: "a", in: queue)
            try await kill(["b1", "b2", "b3"], backfill: "b", in: queue)
            try await kill(["c1"], backfill: "c", in: queue)
            #expect(try await queue.retryDead(.chunk("a2")) == 1)
            #expect(try await queue.retryDead(.chunk("a2")) == 0)
            #expect(try await queue.retryDead(.backfill("b")) == 3)
            var stats = try await queue.stats()
            #expect(stats.ready == 4)
            #expect(stats.dead == 3)
            let record = try #require(try await queue.record(of: "b2"))
            #expect(record.state == .ready)
            #expect(record.attempts == 0)
            #expect(record.lastError?.code == 200)
            #expect(try await queue.retryDead(.all) == 3)
            stats = try await queue.stats()
            #expect(stats.ready == 7)
            #expect(stats.dead == 0)
            #expect(stats.backlog == 7)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }

    @Test func purgeRemovesDeadChunksEntirely() async throws {
        try await TestRedis.withQueue(TestRedis.settings { $0.maintenanceBatchSize = 2 }) { queue in
            try await kill(["a1", "a2", "a3"], backfill: "a", in: queue)
            try await kill(["b1", "b2"], backfill: "b", in: queue)
            try await kill(["c1"], backfill: "c", in: queue)
            #expect(try await queue.purgeDead(.chunk("c1")) == 1)
            #expect(try await queue.record(of: "c1") == nil)
            #expect(try await queue.purgeDead(.backfill("a")) == 3)
            #expect(try await queue.listDead().chunks.map(\.id) == ["b1", "b2"])
            #expect(try await queue.purgeDead(.all) == 2)
            #expect(try await queue.stats().dead == 0)
            let snapshot = try await QueueSnapshot.read(queue)
            #expect(snapshot.records.isEmpty)
            // Purged chunks are unknown again, so enqueueing them adds them afresh.
            #expect(try await queue.enqueue(["a1", "c1"], backfillID: "again") == 2)
            #expect(try await queue.record(of: "a1")?.attempts == 0)
        }
    }
}
