import BackfillTestSupport
import Foundation
import GatewaySimulator
import PQKit
import RedisKit
import Testing

extension FleetProcessTests {
    /// The product end to end: real Redis, Postgres, simulator and worker processes (issue 5's acceptance).
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct EndToEndTests {
        /// Two years of 1-hour bars for three stocks, and one recent month of 5-second bars for two of them.
        static func enqueue(_ harness: FleetHarness, extraSymbols: [String] = []) async throws {
            let day = 86_400.0
            let now = Date().timeIntervalSince1970
            let date = FleetHarness.day
            let hourly = (["AAPL", "MSFT", "SPY"] + extraSymbols).joined(separator: ",")
            try await harness.run(
                ["enqueue", "--symbols", hourly, "--from", "2023-01-01", "--to", "2024-12-31", "--bar", "1h"]
            )
            try await harness.run(
                [
                    "enqueue", "--symbols", "AAPL,MSFT", "--from", date(now - 35 * day), "--to", date(now - 5 * day),
                    "--bar", "5s", "--priority", "1",
                ]
            )
        }

        /// The 10-minute window lasts 12 s here, with the default 250 ms margin: the pacer holds each request from
        /// when it was written, so a starved machine's delays between permit and send cannot break IB's rule.
        static let fastSettings = [
            "BACKFILL_PACING_SCALE": "0.02", "BACKFILL_CHUNK_LEASE_SECONDS": "4",
            "BACKFILL_HEARTBEAT_SECONDS": "1",
            "BACKFILL_SHUTDOWN_GRACE_SECONDS": "10", "BACKFILL_LOG_LEVEL": "notice",
        ]

        @Test func threeWorkersStoreExactlyWhatTheGatewayHasWithinPacing() async throws {
            try await FleetHarness.with { harness in
                harness.settings = Self.fastSettings
                try await harness.startSimulator(["--pacing-scale", "0.02"])
                try await Self.enqueue(harness)
                for _ in 0..<3 { try harness.startWorker(["--concurrency", "3"]) }

                let states = try await harness.waitUntilSettled(timeout: .seconds(240))
                #expect(states.keys.sorted() == ["done"], "\(states)")
                // `backfill worker` handed over to backfill-worker, which loads neither Foundation nor ICU.
                for worker in harness.workers {
                    let image = try LoadedImage(processIdentifier: worker.processIdentifier)
                    #expect(image.executableName == "backfill-worker", "\(image.executableName)")
                    #expect(image.foundationLibraries.isEmpty, "\(image.foundationLibraries)")
                    #expect(image.libraries.contains { $0.hasPrefix("libpq.so") }, "\(image.libraries)")
                }

                try await harness.database { database in
                    let expected = try await ExpectedBars.forChunks(
                        in: database,
                        universe: .standard,
                        symbols: ["AAPL", "MSFT", "SPY"]
                    )
                    let stored = try await ExpectedBars.stored(in: database)
                    #expect(expected.count > 50_000)
                    #expect(stored.rows == stored.bars.count, "duplicate bars")
                    #expect(
                        stored.bars == expected,
                        "missing: \(expected.subtracting(stored.bars).prefix(3)), unexpected: \(stored.bars.subtracting(expected).prefix(3))"
                    )
                    let clientIDs = try await database.query("SELECT DISTINCT client_id FROM chunks").rows.map {
                        try $0.decode(Int.self, "client_id")
                    }
                    #expect(Set(clientIDs).count == 3, "\(clientIDs)")
                }

                for worker in harness.workers { worker.signal(SIGTERM) }
                for worker in harness.workers {
                    #expect(
                        await worker.waitForExit(timeout: .seconds(30)) == 0,
                        "\(worker.standardError.suffix(2000))"
                    )
                    #expect(worker.standardError.contains("stopped: chunks:"))
                    // Every chunk finished well inside its lease: a "lost" lease would be a false alarm (issue 17,
                    // item 7: renewals that raced the ack of a finished chunk).
                    #expect(!worker.standardError.contains("Lost the lease"), "\(worker.standardError.suffix(2000))")
                }
                await harness.stopSimulator()

                let events = try harness.auditEvents()
                let broken = events.filter { $0["event"] as? String == "rule" }
                #expect(broken.isEmpty, "\(GatewayAudit.firstViolation(events, scale: 0.02))")
                #expect(!events.contains { $0["event"] as? String == "connect-rejected" })
                let connected = Set(
                    events.filter { $0["event"] as? String == "connect" }.compactMap { $0["clientId"] as? Int }
                )
                #expect(connected.count == 3)

                // Shut down gracefully: every client-id lease is released.
                let redis = try await RedisConnection.connect(configuration: harness.redis.configuration)
                let leases = try await redis.send("KEYS", "backfill:{bf}:clientids:*").array ?? []
                for key in leases.compactMap(\.string) {
                    #expect(try await redis.send("ZCARD", key).integer == 0, "\(key)")
                }
                await redis.close()
            }
        }

        @Test func aKilledWorkerAGatewayRestartAndAnUnknownSymbolStillEndExact() async throws {
            try await FleetHarness.with { harness in
                harness.settings = Self.fastSettings
                try await harness.startSimulator(["--pacing-scale", "0.02", "--fault", "restart-after=6s,down=2s"])
                try await Self.enqueue(harness, extraSymbols: ["ZZZQ"])
                for _ in 0..<3 { try harness.startWorker(["--concurrency", "3"]) }

                // One worker dies holding chunks (SIGKILL: no chance to hand them back) once the run is under way.
                let deadline = ContinuousClock.now + .seconds(120)
                while try await harness.chunkStates()["done", default: 0] < 10, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                }
                harness.workers[1].signal(SIGKILL)

                let states = try await harness.waitUntilSettled(timeout: .seconds(300))
                #expect(Set(states.keys) == ["done", "dead"], "\(states)")
                try await harness.database { database in
                    let dead = try await database.query(
                        """
                        SELECT i.symbol, c.last_error_code, c.last_error_text
                        FROM chunks c JOIN instruments i ON i.id = c.instrument_id WHERE c.state = 'dead'
                        """
                    ).rows
                    #expect(dead.count == 2)
                    for row in dead {
                        #expect(try row.decode(String.self, "symbol") == "ZZZQ")
                        #expect(try row.decode(Int.self, "last_error_code") == 200)
                        #expect(try row.decode(String.self, "last_error_text").contains("No security definition"))
                    }
                    let expected = try await ExpectedBars.forChunks(
                        in: database,
                        universe: .standard,
                        symbols: ["AAPL", "MSFT", "SPY"]
                    )
                    let stored = try await ExpectedBars.stored(in: database)
                    #expect(stored.rows == stored.bars.count, "duplicate bars")
                    #expect(
                        stored.bars == expected,
                        "missing: \(expected.subtracting(stored.bars).prefix(3)), unexpected: \(stored.bars.subtracting(expected).prefix(3))"
                    )
                }
                let deadList = try await harness.run(["dead", "list"])
                #expect(deadList.standardOutput.contains("2 dead chunk(s)"))
                #expect(deadList.standardOutput.contains("200"))
                let events = try harness.auditEvents()
                #expect(events.contains { $0["event"] as? String == "fault" })
                let broken = events.filter { $0["event"] as? String == "rule" }
                #expect(broken.isEmpty, "\(GatewayAudit.firstViolation(events, scale: 0.02))")

                // The gateway learns the symbol; `retry` sends the dead chunks back and the surviving workers finish.
                await harness.stopSimulator()
                try await harness.startSimulator(["--pacing-scale", "0.02", "--add-symbol", "ZZZQ"])
                try await harness.run(["retry"])
                let after = try await harness.waitUntilSettled(timeout: .seconds(120))
                #expect(after.keys.sorted() == ["done"], "\(after)")
                try await harness.database { database in
                    let expected = try await ExpectedBars.forChunks(
                        in: database,
                        universe: InstrumentUniverse.standard.addingStocks(["ZZZQ"]),
                        symbols: ["AAPL", "MSFT", "SPY", "ZZZQ"]
                    )
                    let stored = try await ExpectedBars.stored(in: database)
                    #expect(stored.rows == stored.bars.count, "duplicate bars")
                    #expect(stored.bars == expected)
                    #expect(stored.bars.contains { $0.symbol == "ZZZQ" })
                }
                for (index, worker) in harness.workers.enumerated() where index != 1 {
                    worker.signal(SIGTERM)
                    #expect(await worker.waitForExit(timeout: .seconds(30)) == 0)
                }
            }
        }
    }
}
