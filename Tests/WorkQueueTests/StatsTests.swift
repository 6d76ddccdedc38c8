import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing
import WorkQueue

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct StatsTests {
    @Test func countsPerPriorityWithAges() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["old-1", "old-2"], backfillID: "b", priority: 0)
            try await Task.sleep(for: .milliseconds(50))
            try await queue.enqueue(["urgent"], backfillID: "u", priority: 7)
            try await queue.enqueue(["later"], backfillID: "l", priority: -3)
            try await queue.enqueue(["x1", "x2", "x3"], backfillID: "x", priority: 0)
            let chunk = try #require(try await queue.claim(worker: "w1", clientID: 11))
            #expect(chunk.id == "urgent")
            _ = try #require(try await queue.claim(worker: "w1", clientID: 11))
            #expect(
                try await queue.requeueWithoutPenalty(
                    try #require(try await queue.claim(worker: "w2", clientID: 12)),
                    after: .seconds(60)
                ) != .notHeld
            )

            let stats = try await queue.stats()
            #expect(stats.readyByPriority.map(\.priority) == [0, -3])
            #expect(stats.readyByPriority.map(\.ready) == [3, 1])
            #expect(stats.ready == 4)
            #expect(stats.delayed == 1)
            #expect(stats.inFlight == 2)
            #expect(stats.dead == 0)
            #expect(stats.backlog == 6)
            // Enqueued moments ago: an age, not a date (generous, for a starved machine).
            #expect(stats.readyByPriority[1].oldestReadyAge < .seconds(60))
            #expect(stats.nextDelayedDue.map { $0 > stats.time + 50_000 } == true)
            #expect(stats.workers.map(\.id) == ["w1"])
            #expect(stats.workers.first?.inFlight == 2)
            #expect(stats.workers.first?.clientID == nil)
        }
    }

    @Test func oldestReadyAgeComesFromTheServerClock() async throws {
        try await TestRedis.withQueue { queue in
            #expect(try await queue.stats().oldestReadyAge == nil)
            try await queue.enqueue(["a"], backfillID: "b")
            try await Task.sleep(for: .milliseconds(80))
            try await queue.enqueue(["b"], backfillID: "b", priority: 1)
            let stats = try await queue.stats()
            let age = try #require(stats.oldestReadyAge)
            #expect(age >= .milliseconds(80))
            #expect(age < .seconds(60))  // an age, not a date; generous for a starved machine
        }
    }

    @Test func liveWorkersAndTheirClientIDs() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.registerWorker("w-a", clientID: 7, gateway: "gw-1:4002", ttl: .seconds(30))
            try await queue.registerWorker("w-b", clientID: 8, ttl: .seconds(5))
            try await queue.registerWorker("w-c", clientID: 9, ttl: .seconds(30))
            var stats = try await queue.stats()
            #expect(stats.workers.map(\.id) == ["w-a", "w-b", "w-c"])
            #expect(stats.workers.map(\.clientID) == [7, 8, 9])
            #expect(stats.workers.map(\.gateway) == ["gw-1:4002", nil, nil])
            try await Task.sleep(for: .milliseconds(5100))
            // w-a re-registers with another client id (after error 326, say); w-b expired; w-c leaves.
            try await queue.registerWorker("w-a", clientID: 17)
            #expect(try await queue.deregisterWorker("w-c"))
            #expect(try await queue.deregisterWorker("w-c") == false)
            stats = try await queue.stats()
            #expect(stats.workers.map(\.id) == ["w-a"])
            #expect(stats.workers.first?.clientID == 17)
            #expect(stats.workers.first?.gateway == "gw-1:4002", "a renewal without a gateway keeps the one registered")
            let count = try await queue.connection.send("ZCARD", queue.keys[.workers]).integer
            #expect(count == 1)
        }
    }
}
