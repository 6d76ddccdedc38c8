import BackfillStore
import BackfillTestSupport
import Foundation
import PQKit
import RedisKit
import Testing

/// `backfill status` and `status --watch` as users run them: the real binary (its standard output a pipe, not a
/// terminal) against a private Redis and a throwaway schema. Deadlines are generous: the machine may be starved.
@Suite(.enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set"))
struct StatusWatchTests {
    static let enqueue = [
        "enqueue", "--symbols", "AAPL,MSFT", "--from", "2024-01-01", "--to", "2024-03-31", "--bar", "1min",
        "--no-head-timestamps",
    ]
    /// Fixed, so a developer's or CI's own settings cannot change what the frames say.
    static let settings = [
        "IBKR_HOST": "127.0.0.1", "IBKR_PORT": "4002", "BACKFILL_PACING_SCALE": "1",
        "BACKFILL_PACING_PROFILE": "default", "BACKFILL_MAX_OPEN_REQUESTS": "6", "BACKFILL_KEY_PREFIX": "backfill:",
        "BACKFILL_HASH_TAG": "bf",
    ]
    static let header = "backfill status at "

    @Test func watchPrintsFramesWithBarsAndQueueCountsUntilSIGINT() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                let environment = Self.settings.merging([
                    "DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0",
                ]) { _, new in new }
                let backfillID = try await Self.enqueue(backfill, environment)
                // Two of the 26 chunks finish.
                try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                    let ids = try await database.query("SELECT id FROM chunks ORDER BY id LIMIT 2").rows.map {
                        try $0.decode(String.self, "id")
                    }
                    let store = ChunkStore(database: database)
                    for id in ids { try await store.markFinished(id, state: .done, barCount: 1950) }
                }

                let watch = try RunningProcess(
                    backfill,
                    [
                        "status", "--watch", "--interval", "1", "--gateway", "10.1.2.3:4003", "--gateway",
                        "127.0.0.1:4002",
                    ],
                    environment: environment
                )
                let twoFrames = await Self.waitUntil { Self.frames(watch.standardOutput).count >= 3 }
                watch.signal(SIGINT)
                let status = await watch.waitForExit(timeout: .seconds(120))
                #expect(twoFrames, "stdout: \(watch.standardOutput)\nstderr: \(watch.standardError)")
                #expect(status == 0, "stderr: \(watch.standardError)")

                let output = watch.standardOutput
                #expect(!output.contains("\u{1B}"), "no escape codes when standard output is not a terminal")
                #expect(output.hasPrefix(Self.header))
                #expect(output.contains("\n\n" + Self.header), "frames are separated by a blank line")
                // The last frame may have been cut short by the signal; the first two are whole.
                for frame in Self.frames(output).prefix(2) {
                    #expect(frame.contains("\(backfillID)  active, priority 0"), "\(frame)")
                    // Finished without ever starting, so the rate counts over the whole ten minutes: 2 in 10 min,
                    // and 24 to go at 0.2 a minute.
                    #expect(
                        frame.contains(
                            "  [#-------------------]   7.6%  2/26 chunks, 3,900 bars, 0 retrying, 0 dead, 0.2 chunks/min, ETA 2 h 0 min"
                        ),
                        "\(frame)"
                    )
                    #expect(
                        frame.contains("queue: 26 ready, 0 delayed, 0 in flight, 0 dead; oldest waiting "),
                        "\(frame)"
                    )
                    #expect(frame.contains("workers: none"), "\(frame)")
                    #expect(
                        frame.contains(
                            "pacer 127.0.0.1:4002: 0/60 requests in 10 min, 0/6 open, large bars 0/60 per 1 min, no cooldown"
                        ),
                        "\(frame)"
                    )
                    #expect(frame.contains("pacer 10.1.2.3:4003: 0/60 requests"), "\(frame)")
                    // The configured gateway is listed once even when --gateway names it again.
                    #expect(frame.components(separatedBy: "pacer 127.0.0.1:4002").count == 2, "\(frame)")
                    #expect(!frame.contains("error:"), "\(frame)")
                }
            }
        }
    }

    @Test func watchShowsAnOutageAsAnErrorLineAndCarriesOn() async throws {
        let backfill = try BuiltProducts.backfill()
        try await RedisServerProcess.with { redisServer in
            // PostgreSQL is unreachable throughout; Redis goes away for a while and comes back (empty).
            let environment = Self.settings.merging([
                "DATABASE_URL": "postgresql://backfill@127.0.0.1:1/backfill",
                "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0",
            ]) { _, new in new }
            let watch = try RunningProcess(
                backfill,
                ["status", "--watch", "--interval", "1"],
                environment: environment
            )
            let upFirst = await Self.waitUntil { watch.standardOutput.contains("queue: 0 ready") }
            #expect(upFirst, "stdout: \(watch.standardOutput)\nstderr: \(watch.standardError)")
            await redisServer.stop()
            let down = await Self.waitUntil { watch.standardOutput.contains("error: queue: ") }
            #expect(down, "stdout: \(watch.standardOutput)\nstderr: \(watch.standardError)")
            try await redisServer.start()
            let upAgain = await Self.waitUntil {
                let output = watch.standardOutput
                guard let outage = output.range(of: "error: queue: ", options: .backwards) else { return false }
                return output[outage.upperBound...].contains("queue: 0 ready")
            }
            #expect(upAgain, "stdout: \(watch.standardOutput)\nstderr: \(watch.standardError)")
            watch.signal(SIGINT)
            #expect(await watch.waitForExit(timeout: .seconds(120)) == 0, "stderr: \(watch.standardError)")

            let frames = Self.frames(watch.standardOutput).dropLast()
            #expect(frames.allSatisfy { $0.contains("error: backfills: ") && $0.contains("PostgreSQL") })
            let outage = frames.filter { $0.contains("error: queue: ") }
            #expect(!outage.isEmpty)
            for frame in outage {
                // One line for the outage: the pacers share the queue's connection and are not asked.
                #expect(!frame.contains("pacer "), "\(frame)")
                #expect(!frame.contains("error: pacer"), "\(frame)")
            }
        }
    }

    @Test func statusAndJSONShowThePacerState() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                let environment = Self.settings.merging([
                    "DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0",
                ]) { _, new in new }
                _ = try await Self.enqueue(backfill, environment)
                // What workers would have left in the pacer: two requests in the window, one still open, a
                // cooldown after a pacing violation, already doubled twice, and a clock held back 800 ms after a step.
                let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                let base = "backfill:{bf}:pacer:127.0.0.1:4002:"
                let now = try await redis.serverTime()
                try await redis.send("ZADD", base + "rolling", now, "a#1", now, "b#1")
                try await redis.send("ZADD", base + "open", now + 60_000, "token")
                try await redis.send("HSET", base + "cooldown", "until", now + 120_000, "level", 2)
                try await redis.send("SET", base + "clock", 800)
                await redis.close()

                let json = try await ProcessResult.run(backfill, ["status", "--json"], environment: environment)
                #expect(json.status == 0, "\(json.standardError)")
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
                )
                #expect((object["errors"] as? [Any])?.isEmpty == true)
                #expect((object["queue"] as? [String: Any])?["ready"] as? Int == 26)
                let pacers = try #require(object["pacers"] as? [[String: Any]])
                #expect(pacers.count == 1)
                let pacer = try #require(pacers.first)
                #expect(pacer["gateway"] as? String == "127.0.0.1:4002")
                #expect(pacer["requests"] as? Int == 2)
                #expect(pacer["requestLimit"] as? Int == 60)
                #expect(pacer["requestWindowSeconds"] as? Double == 600)
                #expect(pacer["openRequests"] as? Int == 1)
                #expect(pacer["maxOpenRequests"] as? Int == 6)
                #expect(pacer["cooldownLevel"] as? Int == 2)
                let cooldown = try #require(pacer["cooldownRemainingMs"] as? Int)
                // On the fleet's clock, 800 ms behind Redis's.
                #expect(cooldown > 800 && cooldown <= 120_800)
                #expect(pacer["clockHeldBackMs"] as? Int == 800)
                #expect(pacer["largeBarLimit"] as? Double == 60)

                let text = try await ProcessResult.run(backfill, ["status"], environment: environment)
                #expect(text.status == 0, "\(text.standardError)")
                #expect(
                    text.standardOutput.contains(
                        "pacer 127.0.0.1:4002: 2/60 requests in 10 min, 1/6 open, large bars 0/60 per 1 min, cooling down after a pacing violation, "
                    ),
                    "\(text.standardOutput)"
                )
                #expect(
                    text.standardOutput.contains(
                        " left (level 2), clock held back 800 ms after Redis's clock stepped forward"
                    ),
                    "\(text.standardOutput)"
                )

                // --json --watch: one whole object per line per interval.
                let watch = try RunningProcess(
                    backfill,
                    ["status", "--json", "--watch", "--interval", "1"],
                    environment: environment
                )
                let twoLines = await Self.waitUntil {
                    watch.standardOutput.split(separator: "\n", omittingEmptySubsequences: true).count >= 2
                }
                watch.signal(SIGINT)
                #expect(await watch.waitForExit(timeout: .seconds(120)) == 0, "stderr: \(watch.standardError)")
                #expect(twoLines, "stdout: \(watch.standardOutput)\nstderr: \(watch.standardError)")
                let lines = watch.standardOutput.split(separator: "\n")
                #expect(lines.count >= 2)
                for line in lines {
                    let frame = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    #expect(frame?["time"] is String)
                    #expect((frame?["pacers"] as? [[String: Any]])?.first?["openRequests"] as? Int == 1)
                    #expect((frame?["backfills"] as? [[String: Any]])?.count == 1)
                }
            }
        }
    }

    @Test func intervalBelowOneSecondIsRefused() async throws {
        let result = try await ProcessResult.run(
            try BuiltProducts.backfill(),
            ["status", "--watch", "--interval", "0"],
            environment: ["REDIS_URL": "redis://127.0.0.1:1/0", "DATABASE_URL": "postgresql://u@127.0.0.1:1/db"]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("--interval must be at least 1 second"), "\(result.standardError)")
    }

    /// Migrates and enqueues the 26 chunks of ``enqueue``; returns the backfill's id.
    static func enqueue(_ backfill: URL, _ environment: [String: String]) async throws -> String {
        let migrated = try await ProcessResult.run(backfill, ["migrate"], environment: environment)
        try #require(migrated.status == 0, "\(migrated.standardError)")
        let enqueued = try await ProcessResult.run(backfill, Self.enqueue, environment: environment)
        try #require(enqueued.status == 0, "\(enqueued.standardError)")
        return enqueued.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The frames in `output`: the text after each header.
    static func frames(_ output: String) -> [String] {
        Array(output.components(separatedBy: header).dropFirst())
    }

    /// Polls `condition` until it holds or `timeout` passes.
    static func waitUntil(
        timeout: Duration = .seconds(180),
        _ condition: @Sendable () -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}
