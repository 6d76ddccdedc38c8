import BackfillTestSupport
import Foundation
import PQKit
import RedisKit
import Testing

extension FleetProcessTests {
    /// Historical ticks through the whole product (issue 13's acceptance): `enqueue --ticks`, worker processes, a
    /// worker killed mid-chain, a gateway restart, `resume` after Redis lost everything.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct TickFleetTests {
        /// Regular hours of Tuesday and Wednesday, 2024-03-12 and 13: 13:30 to 20:00 UTC.
        static let sessions: [(open: Int64, close: Int64)] = [
            (1_710_250_200, 1_710_273_600), (1_710_336_600, 1_710_360_000),
        ]

        static let settings = [
            "BACKFILL_PACING_SCALE": "0.02", "BACKFILL_CHUNK_LEASE_SECONDS": "4", "BACKFILL_HEARTBEAT_SECONDS": "1",
            "BACKFILL_SHUTDOWN_GRACE_SECONDS": "10", "BACKFILL_LOG_LEVEL": "notice",
        ]

        /// What the simulator holds for the chains, by table: what the fleet must have stored, exactly.
        static func expected(
            trades: [String],
            quotes: [String],
            quoteSessions: Int = 1
        ) throws -> (
            trades: [TickKey], quotes: [TickKey]
        ) {
            var tradeKeys: [TickKey] = []
            for symbol in trades {
                for session in sessions {
                    tradeKeys += try ExpectedTicks.stream(
                        symbol,
                        .trades,
                        from: session.open,
                        to: session.close,
                        useRTH: true
                    )
                }
            }
            var quoteKeys: [TickKey] = []
            for symbol in quotes {
                for session in sessions.prefix(quoteSessions) {
                    quoteKeys += try ExpectedTicks.stream(
                        symbol,
                        .bidAsk,
                        from: session.open,
                        to: session.close,
                        useRTH: true
                    )
                }
            }
            return (tradeKeys.sorted(), quoteKeys.sorted())
        }

        /// Waits until `count` pages are finished.
        static func waitForPages(_ harness: FleetHarness, _ count: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while try await harness.chunkStates()["done", default: 0] < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        @Test func threeWorkersAKilledWorkerAndAGatewayRestartStoreEveryTickOnce() async throws {
            try await FleetHarness.with { harness in
                harness.settings = Self.settings
                try await harness.startSimulator(["--pacing-scale", "0.02", "--fault", "restart-after=25s,down=2s"])
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL,MSFT", "--from", "2024-03-12", "--to", "2024-03-13", "--ticks",
                        "TRADES",
                    ]
                )
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL", "--from", "2024-03-12", "--to", "2024-03-12", "--ticks",
                        "BID_ASK",
                    ]
                )
                for _ in 0..<3 { try harness.startWorker(["--concurrency", "2"]) }

                // One worker dies holding pages (SIGKILL: no chance to hand them back) once the chains are under way.
                try await Self.waitForPages(harness, 40)
                harness.workers[1].signal(SIGKILL)

                let states = try await harness.waitUntilSettled(timeout: .seconds(420))
                #expect(Set(states.keys).isSubset(of: ["done", "empty"]), "\(states)")
                let expected = try Self.expected(trades: ["AAPL", "MSFT"], quotes: ["AAPL"])
                try await harness.database { database in
                    let trades = try await ExpectedTicks.stored(.trades, in: database)
                    let quotes = try await ExpectedTicks.stored(.bidAsk, in: database)
                    #expect(ExpectedTicks.busiestSecond(expected.trades) > 1_000)
                    #expect(trades.count == expected.trades.count)
                    #expect(ExpectedTicks.checksum(trades) == ExpectedTicks.checksum(expected.trades))
                    #expect(
                        trades == expected.trades,
                        "first difference: \(zip(trades, expected.trades).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths")"
                    )
                    #expect(quotes.count == expected.quotes.count && quotes == expected.quotes)
                    // Five chains, each ended by its last page.
                    let chains = try await database.query(
                        "SELECT count(DISTINCT chain_id) AS n FROM chunks WHERE next_chunk_id IS NULL"
                    ).singleRow()
                    #expect(try chains?.decode(Int.self, "n") == 5)
                }
                let status = try await harness.run(["status"])
                #expect(status.standardOutput.contains("4/4 session chains"), "\(status.standardOutput)")
                #expect(status.standardOutput.contains("1/1 session chains"), "\(status.standardOutput)")
                for (index, worker) in harness.workers.enumerated() where index != 1 {
                    worker.signal(SIGTERM)
                    #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
                    #expect(worker.standardError.contains("ticks:"), "\(worker.standardError.suffix(1000))")
                }
                await harness.stopSimulator()
                let events = try harness.auditEvents()
                #expect(events.contains { $0["event"] as? String == "fault" })
                let broken = events.filter { $0["event"] as? String == "rule" }
                #expect(broken.isEmpty, "\(GatewayAudit.firstViolation(events, scale: 0.02))")
            }
        }

        @Test func resumeAfterRedisLostEverythingFinishesEveryChain() async throws {
            try await FleetHarness.with { harness in
                harness.settings = Self.settings
                try await harness.startSimulator(["--pacing-scale", "0.02"])
                let enqueued = try await harness.run(
                    ["enqueue", "--symbols", "MSFT", "--from", "2024-03-12", "--to", "2024-03-13", "--ticks", "TRADES"]
                )
                let backfillID = enqueued.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                let worker = try harness.startWorker(["--concurrency", "2"])
                try await Self.waitForPages(harness, 15)

                // Redis loses everything mid-chain: the pages in flight, the next pages just queued, the leases.
                let redis = try await RedisConnection.connect(configuration: harness.redis.configuration)
                _ = try await redis.send("FLUSHALL")
                await redis.close()
                try await Task.sleep(for: .seconds(1))
                try await harness.run(["resume", backfillID])

                let states = try await harness.waitUntilSettled(timeout: .seconds(300))
                #expect(Set(states.keys).isSubset(of: ["done", "empty"]), "\(states)")
                let expected = try Self.expected(trades: ["MSFT"], quotes: [])
                try await harness.database { database in
                    let trades = try await ExpectedTicks.stored(.trades, in: database)
                    #expect(trades.count == expected.trades.count)
                    #expect(trades == expected.trades)
                    let counted = try await database.query("SELECT sum(tick_count)::bigint AS n FROM chunks")
                        .singleRow()
                    #expect(try counted?.decode(Int.self, "n") == trades.count)
                }
                worker.signal(SIGTERM)
                #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
            }
        }
    }
}
