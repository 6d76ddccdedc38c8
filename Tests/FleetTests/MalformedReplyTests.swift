import BackfillTestSupport
import Foundation
import PQKit
import Testing

extension FleetProcessTests {
    /// Issue 17, item 1: a gateway whose every historical reply is malformed once made a worker reconnect and ask
    /// again with no delay, forever, without spending an attempt. Now each malformed reply spends one, the chunk ends
    /// in the dead letters with the decoder's reason, and the gateway sees no more requests than the attempts allow.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct MalformedReplyTests {
        @Test(arguments: [HostileGateway.Spoil.notUTF8, .hugeLength])
        func aReplyThatIsAlwaysMalformedIsDeadLetteredNotRetriedForever(spoil: HostileGateway.Spoil) async throws {
            try await FleetHarness.with { harness in
                harness.settings = [
                    "BACKFILL_MAX_ATTEMPTS": "3", "BACKFILL_HEARTBEAT_SECONDS": "1",
                    "BACKFILL_CHUNK_LEASE_SECONDS": "10",
                    "BACKFILL_LOG_LEVEL": "notice",
                ]
                try await harness.startSimulator([])
                let hostile = try HostileGateway(
                    upstreamPort: harness.simulatorPort,
                    behaviour: .spoilHistoricalReplies(spoil)
                )
                defer { hostile.close() }
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL", "--from", "2024-01-02", "--to", "2024-01-03", "--bar", "1d",
                        "--no-head-timestamps",
                    ]
                )
                harness.settings["IBKR_PORT"] = "\(hostile.port)"
                try harness.startWorker(["--concurrency", "1"])
                let states = try await harness.waitUntilSettled(timeout: .seconds(120))
                #expect(states == ["dead": 1], "\(states)")
                try await harness.database { database in
                    let row = try #require(
                        try await database.query("SELECT attempts, last_error_text FROM chunks").rows.first
                    )
                    #expect(try row.decode(Int.self, "attempts") == 3)
                    let text = try row.decode(String.self, "last_error_text")
                    #expect(text.contains("malformed") || text.contains("announced"), "\(text)")
                }
                // One request per attempt, and a connection for each (the malformed frame ends it): not a flood.
                let requests = try harness.auditEvents().filter { $0["message"] as? String == "reqHistoricalData" }
                #expect(requests.count == 3)
                #expect(hostile.spoiled == 3)
                #expect(hostile.connections <= 4)
                let dead = try await harness.run(["dead", "list"])
                #expect(dead.standardOutput.contains("1 dead chunk(s)"))
            }
        }
    }
}
