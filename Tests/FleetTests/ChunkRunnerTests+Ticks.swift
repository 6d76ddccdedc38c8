import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import Foundation
import GatewaySimulator
import PQKit
import RedisKit
import TWSProtocol
import Testing
import WorkQueue

@testable import Fleet

/// Tick chains through `ChunkRunner`, page by page, against the simulator under both readings of IB's page rule.
extension ChunkRunnerTests {
    /// AAPL on Tuesday 2024-03-12 from the opening auction (13:30 UTC, more than 1000 prints in its first second)
    /// for 40 minutes of regular hours.
    static func morningPage(_ tickType: TickType = .trades) -> TickPage {
        TickPage(contract: aapl, tickType: tickType, useRTH: true, start: 1_710_250_200, sessionEnd: 1_710_252_600)
    }

    @Test(arguments: TickGenerator.PageRule.allCases)
    func aTickChainStoresTheSimulatorsStreamWithoutHolesOrRepeats(rule: TickGenerator.PageRule) async throws {
        try await Self.withBench(tickPageRule: rule) { bench in
            let page = Self.morningPage()
            try await bench.enqueue(page, backfillID: "bf-ticks")
            let outcomes = try await bench.drain()
            let stored = try await ExpectedTicks.stored(.trades, in: bench.database)
            var expected = try ExpectedTicks.stream(
                "AAPL",
                .trades,
                from: page.start,
                to: page.sessionEnd,
                useRTH: true
            )
            #expect(ExpectedTicks.busiestSecond(expected) > 1_000)
            if rule == .exact {
                // Cut at the count, a second of more than 1000 trades cannot be read past its 1000th tick by pages
                // that start on whole seconds: the chain keeps what IB sends and counts the second as possibly cut.
                expected.removeAll { $0.position >= 1_000 }
                let flagged = try await bench.database.query(
                    "SELECT count(*) AS n FROM chunks WHERE bar_size = 'ticks' AND anomaly_count > 0"
                ).singleRow()
                #expect(try flagged?.decode(Int.self, "n") ?? 0 >= 1)
            }
            #expect(stored.count == expected.count)
            #expect(
                stored == expected,
                "first difference: \(zip(stored, expected).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths")"
            )
            // Every page was one request, none failed, and the chain used close to the fewest requests possible.
            #expect(outcomes.allSatisfy { if case .pageDone = $0 { true } else { $0 == .empty } })
            #expect(bench.tickRequestsSeen == outcomes.count)
            let lowerBound = (expected.count + 999) / 1_000
            #expect(bench.tickRequestsSeen >= lowerBound && bench.tickRequestsSeen <= lowerBound * 102 / 100 + 1)
            // The pages' recorded counts add up to the stored ticks: a re-fetched second is counted once.
            let counted = try await bench.database.query(
                "SELECT sum(tick_count)::bigint AS n FROM chunks WHERE backfill_id = 'bf-ticks'"
            ).singleRow()
            #expect(try counted?.decode(Int.self, "n") == stored.count)
            #expect(try await bench.queue.stats().backlog == 0)
        }
    }

    @Test func fetchingAPageAgainYieldsTheSameKeys() async throws {
        try await Self.withBench { bench in
            let page = Self.morningPage()
            try await bench.enqueue(page, backfillID: "bf-ticks")
            _ = try await bench.drain(limit: 3)
            let first = try await ExpectedTicks.stored(.trades, in: bench.database)
            // The same three pages again, as a second backfill of the same session would fetch them.
            try await bench.database.query("UPDATE chunks SET state = 'queued' WHERE backfill_id = 'bf-ticks'")
            try await bench.database.query("DELETE FROM chunks WHERE page_index > 2")
            let ids = try await bench.database.query("SELECT id FROM chunks ORDER BY page_index").rows
                .map { try $0.decode(String.self, "id") }
            _ = try await bench.queue.connection.send("FLUSHDB")  // this test's own Redis server
            try await bench.queue.enqueue(ids, backfillID: "bf-ticks")
            _ = try await bench.drain(limit: 3)
            let second = try await ExpectedTicks.stored(.trades, in: bench.database)
            #expect(first.count > 2_000)
            #expect(second == first)
        }
    }

    @Test func aRedeliveredFinishedPageQueuesTheNextPageItRecorded() async throws {
        try await Self.withBench { bench in
            let page = Self.morningPage()
            try await bench.enqueue(page, backfillID: "bf-ticks")
            let claimed = try #require(try await bench.queue.claim(worker: "runner-test", clientID: 1))
            #expect(await bench.runner.run(claimed) != .empty)
            // The worker died after the commit and before queueing the next page: Redis lost it (FLUSHALL), and
            // the first page's lease ran out, so it is delivered again.
            _ = try await bench.queue.connection.send("FLUSHDB")  // this test's own Redis server
            try await bench.queue.enqueue([page.id.rawValue], backfillID: "bf-ticks")
            let again = try #require(try await bench.queue.claim(worker: "runner-test", clientID: 1))
            #expect(await bench.runner.run(again) == .alreadyFinished)
            #expect(bench.tickRequestsSeen == 1)
            _ = try await bench.drain()
            let stored = try await ExpectedTicks.stored(.trades, in: bench.database)
            let expected = try ExpectedTicks.stream(
                "AAPL",
                .trades,
                from: page.start,
                to: page.sessionEnd,
                useRTH: true
            )
            #expect(stored == expected)
        }
    }

    @Test func aClosedSessionIsOneEmptyPage() async throws {
        try await Self.withBench { bench in
            // Saturday 2024-03-09: the simulator answers with the next session's ticks, which lie past the end.
            let saturday = TickPage(
                contract: Self.aapl,
                tickType: .midpoint,
                useRTH: true,
                start: 1_709_992_800,
                sessionEnd: 1_710_014_400
            )
            try await bench.enqueue(saturday, backfillID: "bf-saturday")
            #expect(try await bench.drain() == [.empty])
            #expect(bench.tickRequestsSeen == 1)
            #expect(try await bench.row(saturday.id.rawValue).state == "empty")
        }
    }

    @Test func aCancelledBackfillsChainStopsAtTheCancel() async throws {
        try await Self.withBench { bench in
            let page = Self.morningPage(.bidAsk)
            try await bench.enqueue(page, backfillID: "bf-quotes")
            _ = try await bench.drain(limit: 1)
            _ = try await bench.store.cancel(backfillID: "bf-quotes")
            #expect(try await bench.drain() == [.dropped])
            #expect(bench.tickRequestsSeen == 1)
        }
    }
}

/// IB's official client, paging the same session with its own loop against the same simulator, gets the ticks the
/// chain stored.
@Suite(
    .serialized,
    .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set"),
    .enabled(if: PythonClients.available || TestServers.isCI, "ibapi/ib_async not installed")
)
struct OfficialClientTickPagingTests {
    @Test func theOfficialClientsOwnLoopGetsTheTicksTheChainStored() async throws {
        try await ChunkRunnerTests.withBench { bench in
            let page = ChunkRunnerTests.morningPage()
            try await bench.enqueue(page, backfillID: "bf-ticks")
            _ = try await bench.drain()
            let stored = try await ExpectedTicks.stored(.trades, in: bench.database)

            let result = try await ProcessResult.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "python3", PythonClients.script("official_clients.py", testFile: #filePath).path, "ibapi-ticks",
                    "--port", "\(bench.server.port)", "--client-id", "7", "--start", "\(page.start)", "--end",
                    "\(page.sessionEnd)",
                ]
            )
            #expect(result.status == 0, "\(result.standardError)")
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let official = try #require(object?["ticks"] as? [[Any]])
            #expect(official.count == stored.count)
            // Prices as numbers (the official client keeps them as floats), sizes and exchanges as text.
            let theirs = official.map { row in
                "\(row[0]) \(Double("\(row[1])") ?? .nan) \(row[2]) \(row[3])"
            }
            let ours = stored.map { key in
                let values = key.values.split(separator: " ")
                return "\(key.time) \(Double(String(values[0])) ?? .nan) \(values[1]) \(values[2])"
            }
            #expect(
                theirs == ours,
                "first difference: \(zip(theirs, ours).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths")"
            )
        }
    }
}
