import BackfillTestSupport
import Foundation
import Testing

extension FleetProcessTests {
    /// Issue 17, item 5: with Redis not answering, a worker's shutdown once took about 45 s against a 30 s grace
    /// period, each step blocking for a command timeout. Every step is now bounded by the grace period.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct ShutdownTests {
        @Test func aWorkerStopsWithinItsGracePeriodWhileRedisHangs() async throws {
            try await FleetHarness.with { harness in
                harness.settings = [
                    "BACKFILL_SHUTDOWN_GRACE_SECONDS": "3", "BACKFILL_HEARTBEAT_SECONDS": "1",
                    "BACKFILL_CHUNK_LEASE_SECONDS": "10", "BACKFILL_LOG_LEVEL": "notice",
                ]
                // Every reply takes a minute: the worker is certain to hold requests in flight when it is stopped.
                try await harness.startSimulator(["--latency", "60000"])
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL,MSFT", "--from", "2024-01-02", "--to", "2024-01-31", "--bar",
                        "1h",
                        "--no-head-timestamps",
                    ]
                )
                let worker = try harness.startWorker(["--concurrency", "2"])
                let deadline = ContinuousClock.now + .seconds(60)
                while !(try harness.auditEvents().contains { $0["message"] as? String == "reqHistoricalData" }),
                    ContinuousClock.now < deadline
                {
                    try await Task.sleep(for: .milliseconds(100))
                }
                harness.redis.pause()
                defer { harness.redis.resume() }
                let stopped = ContinuousClock.now
                worker.signal(SIGTERM)
                let status = await worker.waitForExit(timeout: .seconds(90))
                let took = ContinuousClock.now - stopped
                #expect(status == 0, "\(worker.standardError.suffix(2000))")
                // 3 s of grace, 2 s to wind down, 1 s to close connections, and room for a slow machine (before: a 30 s
                // command timeout for each Redis call).
                #expect(took < .seconds(20), "shutdown took \(took)")
                #expect(worker.standardError.contains("could not be handed back in time"))
            }
        }
    }
}
