import BackfillTestSupport
import Foundation
import Testing

extension FleetProcessTests {
    /// Issue 17, item 4: an enqueue whose Redis accepted the connection but never answered once left a backfill that
    /// looked active in PostgreSQL, with nothing queued, forever. The command now says so and how to finish it.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct EnqueueOutageTests {
        @Test func anEnqueueWhoseRedisHangsSaysHowToFinishIt() async throws {
            try await FleetHarness.with { harness in
                let arguments = [
                    "enqueue", "--symbols", "AAPL", "--from", "2024-01-02", "--to", "2024-01-31", "--bar", "1h",
                    "--no-head-timestamps",
                ]
                harness.redis.pause()
                let process = try RunningProcess(
                    harness.backfill,
                    arguments,
                    environment: harness.environment,
                    currentDirectory: harness.directory
                )
                let status = await process.waitForExit(timeout: .seconds(120))
                harness.redis.resume()
                #expect(status == 1, "\(process.standardError)")
                let said = process.standardError
                #expect(said.contains("recorded in PostgreSQL"), "\(said)")
                #expect(said.contains("Nothing is lost"), "\(said)")
                let resume = try #require(said.range(of: "backfill resume ")).upperBound
                let backfillID = String(said[resume...].prefix { $0.isLetter || $0.isNumber })
                #expect(!backfillID.isEmpty)

                // Following the advice finishes the job: every chunk is queued.
                try await harness.run(["resume", backfillID])
                let status2 = try await harness.run(["status", "--json"])
                #expect(status2.standardOutput.contains(backfillID))
                let states = try await harness.chunkStates()
                #expect(states["queued", default: 0] > 0 && states["pending"] == nil, "\(states)")
            }
        }
    }
}
