import BackfillTestSupport
import Foundation
import GatewaySimulator
import PQKit
import Testing

extension FleetProcessTests {
    /// Keeping data current (issue 14): `follow add`, two `backfill scheduler`s, workers and the simulator on one
    /// market clock that the test moves through four trading days (Tuesday 2024-03-12 to Friday the 15th).
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct SchedulerFleetTests {
        static let day: Int64 = 86_400
        /// Tuesday 2024-03-12 12:00 UTC: before any close of the day.
        static let start: Int64 = 1_710_244_800
        /// NYSE's regular close, 16:00 New York (EDT): 20:00 UTC.
        static func stockClose(_ index: Int) -> Int64 { 1_710_273_600 + Int64(index) * day }
        /// The FX day ends at 17:00 New York, CME's equity futures at 16:00 Chicago: both 21:00 UTC in March.
        static func fxAndFutureClose(_ index: Int) -> Int64 { 1_710_277_200 + Int64(index) * day }
        /// 22:00 UTC, past every close of the day plus the scheduler's ten-minute delay.
        static func evening(_ index: Int) -> Int64 { 1_710_280_800 + Int64(index) * day }

        static let schedulerArguments = ["--lease", "3s", "--interval", "1s", "--delay", "10m"]

        /// One subscription's id and the close its runs are measured against.
        struct Follow {
            let id: String
            let symbol: String
            let close: (Int) -> Int64
            /// Whether a chunk's window starts where the previous close left off (bars in `D` units); daily bars
            /// are asked for a year back (the planner's conservative reading of IB's step sizes), which overlaps.
            let windowStartsAtLastClose: Bool
        }

        /// Runs `follow add` for one symbol, from 2024-03-12, and returns the subscription it printed.
        static func addFollow(
            _ harness: FleetHarness,
            _ symbol: String,
            _ series: [String],
            close: @escaping (Int) -> Int64 = stockClose,
            windowStartsAtLastClose: Bool = true
        ) async throws -> Follow {
            let added = try await harness.run(["follow", "add", "--symbols", symbol, "--from", "2024-03-12"] + series)
            return Follow(
                id: added.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines),
                symbol: symbol,
                close: close,
                windowStartsAtLastClose: windowStartsAtLastClose
            )
        }

        struct Chunk: Hashable {
            let id: String
            let start: Int64
            let end: Int64
        }

        static func chunks(_ harness: FleetHarness, of follow: Follow) async throws -> Set<Chunk> {
            try await harness.database { database in
                Set(
                    try await database.query(
                        """
                        SELECT id, extract(epoch FROM window_start)::bigint AS s, extract(epoch FROM window_end)::bigint AS e
                        FROM chunks WHERE backfill_id = $1
                        """,
                        [follow.id]
                    ).rows.map {
                        Chunk(
                            id: try $0.decode(String.self, "id"),
                            start: try $0.decode(Int64.self, "s"),
                            end: try $0.decode(Int64.self, "e")
                        )
                    }
                )
            }
        }

        /// Waits until every subscription's last run completed its close of `index`.
        static func waitForRuns(_ harness: FleetHarness, _ follows: [Follow], through index: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let done = try await harness.database { database in
                    var reached = 0
                    for follow in follows {
                        let row = try await database.query(
                            "SELECT extract(epoch FROM last_close)::bigint AS c FROM follows WHERE id = $1",
                            [follow.id]
                        ).singleRow()
                        if let close = try row?.decode(Int64?.self, "c"), close >= follow.close(index) { reached += 1 }
                    }
                    return reached
                }
                if done == follows.count { return }
                try await Task.sleep(for: .milliseconds(250))
            }
            Issue.record("The scheduler did not run every subscription for day \(index) within 60 s.")
        }

        static func leaseHolder(_ harness: FleetHarness) async throws -> String? {
            try await harness.database { database in
                try await database.query("SELECT holder FROM scheduler_leases WHERE expires_at > now()").singleRow()?
                    .decode(String.self, "holder")
            }
        }

        /// The scheduler process whose pid is in the lease's holder name (`host-pid-suffix`).
        static func active(_ harness: FleetHarness, among schedulers: [RunningProcess]) async throws -> RunningProcess?
        {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if let holder = try await leaseHolder(harness),
                    let process = schedulers.first(where: { holder.contains("-\($0.processIdentifier)-") })
                {
                    return process
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            return nil
        }

        /// Checks one step's new chunks: for each subscription exactly one request, ending at the step's close,
        /// reaching back over the sessions missed and (for `D` windows) no further than the last close fetched.
        static func expectOneChunkPerFollow(
            _ before: [String: Set<Chunk>],
            _ after: [String: Set<Chunk>],
            follows: [Follow],
            day index: Int,
            since previous: Int
        ) {
            for follow in follows {
                let new = after[follow.id, default: []].subtracting(before[follow.id, default: []])
                #expect(new.count == 1, "\(follow.symbol) day \(index): \(new.count) new chunks")
                guard let chunk = new.first else { continue }
                #expect(chunk.end == follow.close(index), "\(follow.symbol) day \(index): ends at \(chunk.end)")
                if follow.windowStartsAtLastClose {
                    #expect(
                        chunk.start == follow.close(previous),
                        "\(follow.symbol) day \(index): starts at \(chunk.start)"
                    )
                } else {
                    #expect(chunk.start <= follow.close(previous))
                }
            }
        }

        @Test func schedulersKeepThreeMarketsCurrentTakeOverAndCatchUp() async throws {
            try await FleetHarness.with { harness in
                harness.settings = TickFleetTests.settings
                try await harness.startSimulator(marketTime: Self.start, ["--pacing-scale", "0.02"])
                var follows: [Follow] = []
                for (symbol, bar, what, close, startsAtClose) in [
                    ("AAPL", "1min", "TRADES", Self.stockClose, true),
                    ("EUR/USD.IDEALPRO", "1h", "MIDPOINT", Self.fxAndFutureClose, true),
                    ("ESM4.CME", "1d", "TRADES", Self.fxAndFutureClose, false),
                ] as [(String, String, String, (Int) -> Int64, Bool)] {
                    follows.append(
                        try await Self.addFollow(
                            harness,
                            symbol,
                            ["--bar", bar, "--what", what, "--revisit", "0"],
                            close: close,
                            windowStartsAtLastClose: startsAtClose
                        )
                    )
                }
                let first = try harness.startScheduler(Self.schedulerArguments)
                let second = try harness.startScheduler(Self.schedulerArguments)
                for _ in 0..<2 { try harness.startWorker(["--concurrency", "2"]) }

                // Exactly one is active; the other stands by.
                let active = try #require(try await Self.active(harness, among: [first, second]))
                let standby = active === first ? second : first
                #expect(await standby.waitFor("standing by", inStandardError: true, timeout: .seconds(10)))
                try await Task.sleep(for: .seconds(2))
                #expect(try await harness.chunkStates().values.reduce(0, +) == 0, "nothing closed since --from yet")

                // Day 1 closes.
                var before: [String: Set<Chunk>] = [:]
                try harness.setClock(Self.evening(0))
                try await Self.waitForRuns(harness, follows, through: 0)
                var after: [String: Set<Chunk>] = [:]
                for follow in follows { after[follow.id] = try await Self.chunks(harness, of: follow) }
                for follow in follows {
                    let chunk = after[follow.id]?.first
                    #expect(after[follow.id]?.count == 1 && chunk?.end == follow.close(0), "\(follow.symbol) day 0")
                }
                _ = try await harness.waitUntilSettled(timeout: .seconds(120))

                // The active scheduler dies; the standby takes over within a lease period and runs day 2.
                before = after
                active.signal(SIGKILL)
                _ = await active.waitForExit(timeout: .seconds(10))
                try harness.setClock(Self.evening(1))
                try await Self.waitForRuns(harness, follows, through: 1)
                #expect(try await Self.leaseHolder(harness)?.contains("-\(standby.processIdentifier)-") == true)
                #expect(standby.standardError.contains("Scheduler is active"), "\(standby.standardError.suffix(2000))")
                for follow in follows { after[follow.id] = try await Self.chunks(harness, of: follow) }
                Self.expectOneChunkPerFollow(before, after, follows: follows, day: 1, since: 0)
                _ = try await harness.waitUntilSettled(timeout: .seconds(120))

                // Every scheduler is down through Thursday's close: nothing is enqueued.
                before = after
                standby.signal(SIGKILL)
                _ = await standby.waitForExit(timeout: .seconds(10))
                try harness.setClock(Self.evening(2))
                try await Task.sleep(for: .seconds(4))
                for follow in follows {
                    #expect(try await Self.chunks(harness, of: follow) == before[follow.id], "\(follow.symbol)")
                }

                // Friday evening a scheduler starts and catches up Thursday and Friday in one request each.
                try harness.setClock(Self.evening(3))
                try harness.startScheduler(Self.schedulerArguments)
                try await Self.waitForRuns(harness, follows, through: 3)
                for follow in follows { after[follow.id] = try await Self.chunks(harness, of: follow) }
                Self.expectOneChunkPerFollow(before, after, follows: follows, day: 3, since: 1)

                let states = try await harness.waitUntilSettled(timeout: .seconds(120))
                #expect(Set(states.keys) == ["done"], "\(states)")
                let status = try await harness.run(["status"]).standardOutput
                #expect(status.contains("scheduler: active"), "\(status)")
                #expect(status.contains("3 follow(s), 9 chunk(s) enqueued"), "\(status)")
                #expect(status.contains("next run cmeEquityFutures 2024-03-18 21:10 UTC"), "\(status)")
                let json = try await harness.run(["status", "--json"]).standardOutput
                let scheduler = try #require(
                    (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["scheduler"]
                        as? [String: Any]
                )
                #expect(scheduler["follows"] as? Int == 3)
                #expect((scheduler["nextRuns"] as? [String: Any])?["usEquity"] as? Int == Int(Self.stockClose(6) + 600))
                try await harness.database { database in
                    let expected = try await ExpectedBars.forChunks(
                        in: database,
                        universe: InstrumentUniverse.standard,
                        symbols: ["AAPL", "EUR", "ES"]
                    )
                    let stored = try await ExpectedBars.stored(in: database)
                    #expect(stored.rows == stored.bars.count)
                    #expect(expected.count > 4 * 390)
                    #expect(
                        stored.bars == expected,
                        "\(stored.bars.symmetricDifference(expected).sorted { $0.start < $1.start }.prefix(3))"
                    )
                    // Each session's stock bars are there: four regular sessions of 390 minutes.
                    #expect(stored.bars.filter { $0.symbol == "AAPL" }.count == 4 * 390)
                }
                await harness.stopSimulator()
                let requests = try harness.auditEvents().filter {
                    $0["event"] as? String == "request" && $0["message"] as? String == "reqHistoricalData"
                }
                let identities = requests.map { event in
                    (event["parameters"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0)=\($1)" }
                        .joined(separator: "|")
                }
                #expect(requests.count == 3 * 3, "one request per subscription per step: \(requests.count)")
                #expect(Set(identities).count == identities.count, "a request was sent twice")
                let broken = try harness.auditEvents().filter { $0["event"] as? String == "rule" }
                #expect(broken.isEmpty)
            }
        }

        /// IB revises its latest bars: the simulator serves the last two hours before market time with preliminary
        /// figures (`--revise-recent 2h`), and a subscription revisiting one session fetches them again at the next
        /// close, rewrites exactly those rows and counts them.
        @Test func aRevisitRewritesRevisedBarsAndCountsThem() async throws {
            try await FleetHarness.with { harness in
                harness.settings = TickFleetTests.settings
                try await harness.startSimulator(
                    marketTime: Self.stockClose(0) + 660,
                    ["--pacing-scale", "0.02", "--revise-recent", "2h"]
                )
                let follow = try await Self.addFollow(harness, "AAPL", ["--bar", "1min", "--revisit", "1"])
                try harness.startScheduler(Self.schedulerArguments)
                try harness.startWorker(["--concurrency", "2"])
                // Preliminary at the first fetch: bars starting within 2 h and one bar of market time.
                let preliminary = (Self.stockClose(0) - (Self.stockClose(0) + 660 - 7_200 - 60)) / 60
                #expect(preliminary == 110)

                try await Self.waitForRuns(harness, [follow], through: 0)
                _ = try await harness.waitUntilSettled(timeout: .seconds(60))
                let differing = try await Self.differingFromFinal(harness, before: Self.stockClose(0))
                #expect(differing == Int(preliminary), "stored preliminary bars on day 0: \(differing)")
                #expect(try await Self.revised(harness, follow) == 0)

                // The next close: Wednesday's session plus Tuesday again, in one request.
                try harness.setClock(Self.stockClose(1) + 660)
                try await Self.waitForRuns(harness, [follow], through: 1)
                _ = try await harness.waitUntilSettled(timeout: .seconds(60))
                #expect(try await Self.differingFromFinal(harness, before: Self.stockClose(0)) == 0)
                #expect(try await Self.revised(harness, follow) == preliminary)
                let chunks = try await Self.chunks(harness, of: follow)
                #expect(chunks.count == 2)
                #expect(chunks.contains { $0.end == Self.stockClose(1) && $0.start <= Self.stockClose(0) - 23_400 })
                let listed = try await harness.run(["follow", "list"])
                #expect(listed.standardOutput.contains("\(preliminary) revised"), "\(listed.standardOutput)")
                await harness.stopSimulator()
                let requests = try harness.auditEvents().filter {
                    $0["event"] as? String == "request" && $0["message"] as? String == "reqHistoricalData"
                }
                #expect(requests.count == 2, "the revisit rides on the new session's request")
            }
        }

        /// A tick subscription: each close starts that session's chain (one first page), and the chain stores the
        /// simulator's stream; the next close starts the next session's chain only.
        @Test func aTickSubscriptionStartsOneChainPerClosedSession() async throws {
            try await FleetHarness.with { harness in
                harness.settings = TickFleetTests.settings
                try await harness.startSimulator(marketTime: Self.evening(0), ["--pacing-scale", "0.02"])
                let follow = try await Self.addFollow(harness, "MSFT", ["--ticks", "TRADES"])
                try harness.startScheduler(Self.schedulerArguments)
                try harness.startWorker(["--concurrency", "2"])
                try await Self.waitForRuns(harness, [follow], through: 0)
                try harness.setClock(Self.evening(1))
                try await Self.waitForRuns(harness, [follow], through: 1)
                let states = try await harness.waitUntilSettled(timeout: .seconds(300))
                #expect(Set(states.keys).isSubset(of: ["done", "empty"]), "\(states)")
                try await harness.database { database in
                    let chains = try await database.query(
                        "SELECT count(*) AS n FROM chunks WHERE bar_size = 'ticks' AND page_index = 0"
                    ).singleRow()
                    #expect(try chains?.decode(Int.self, "n") == 2)
                    let stored = try await ExpectedTicks.stored(.trades, in: database)
                    var expected: [TickKey] = []
                    for day in 0..<2 {
                        let close = Self.stockClose(day)
                        expected += try ExpectedTicks.stream(
                            "MSFT",
                            .trades,
                            from: close - 23_400,
                            to: close,
                            useRTH: true
                        )
                    }
                    #expect(stored.count == expected.count)
                    #expect(stored == expected.sorted())
                }
            }
        }

        /// Stored AAPL bars before `end` whose values differ from the generator's final ones.
        static func differingFromFinal(_ harness: FleetHarness, before end: Int64) async throws -> Int {
            try await harness.database { database in
                let expected = try await ExpectedBars.forChunks(
                    in: database,
                    universe: InstrumentUniverse.standard,
                    symbols: ["AAPL"]
                ).filter { $0.start < end }
                let stored = try await ExpectedBars.stored(in: database).bars.filter { $0.start < end }
                #expect(stored.count == expected.count)
                return stored.subtracting(expected).count
            }
        }

        static func revised(_ harness: FleetHarness, _ follow: Follow) async throws -> Int64 {
            try await harness.database { database in
                try await database.query(
                    "SELECT coalesce(sum(revised_count), 0)::bigint AS n FROM chunks WHERE backfill_id = $1",
                    [follow.id]
                ).singleRow()?.decode(Int64.self, "n") ?? -1
            }
        }
    }
}
