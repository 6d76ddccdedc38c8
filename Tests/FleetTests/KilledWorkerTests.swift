import BackfillTestSupport
import Foundation
import RedisKit
import Testing
import WorkQueue

extension FleetProcessTests {
    /// A process killed while holding claimed chunks loses nothing: the chunks stay in flight until their lease runs
    /// out, then the reaper puts exactly those chunks back in the ready queue (issue 4's acceptance, DESIGN invariant 7).
    @Suite(
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct KilledWorkerTests {
        @Test func chunksHeldByAKilledProcessReturnToReadyAfterTheLease() async throws {
            try await FleetHarness.with { harness in
                // Every reply takes a minute, so the worker is sure to be holding its chunks when it dies.
                try await harness.startSimulator(["--latency", "60000"])
                harness.settings = ["BACKFILL_CHUNK_LEASE_SECONDS": "3", "BACKFILL_HEARTBEAT_SECONDS": "1"]
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL,MSFT,SPY,QQQ", "--from", "2020-01-01", "--to", "2024-12-31",
                        "--bar",
                        "1d",
                    ]
                )
                let worker = try harness.startWorker(["--concurrency", "3"])

                let redis = try await RedisConnection.connect(configuration: harness.redis.configuration)
                let queue = try WorkQueue(connection: redis)
                let deadline = ContinuousClock.now + .seconds(60)
                while try await redis.send("ZCARD", queue.keys[.inFlight]).integer != 3, ContinuousClock.now < deadline
                {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let held = Set(
                    try await redis.send("ZRANGE", queue.keys[.inFlight], 0, -1).array?.compactMap(\.string) ?? []
                )
                #expect(held.count == 3)

                worker.signal(SIGKILL)
                _ = await worker.waitForExit()
                // Nothing else reaps here (no other worker runs): the chunks wait in flight until the test reaps.
                #expect(try await queue.stats().inFlight == 3)
                var leaseEnd: Int64 = 0
                for id in held {
                    let record = try #require(try await queue.record(of: id))
                    #expect(record.state == .inFlight)
                    leaseEnd = max(leaseEnd, record.leaseDeadline ?? 0)
                }
                // Wait on Redis's clock, which is what the lease is measured in.
                while try await redis.serverTime() <= leaseEnd {
                    try await Task.sleep(for: .milliseconds(200))
                }
                let reaped = try await queue.reap()
                #expect(Set(reaped.map(\.id)) == held)
                #expect(reaped.allSatisfy { $0.state == .ready })
                let ready = Set(
                    try await redis.send("ZRANGE", queue.keys[.ready], 0, -1).array?.compactMap(\.string) ?? []
                )
                #expect(held.isSubset(of: ready))
                #expect(try await queue.stats().inFlight == 0)
                await redis.close()
            }
        }
    }
}
