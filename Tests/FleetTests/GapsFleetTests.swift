import BackfillTestSupport
import Foundation
import PQKit
import Testing

extension FleetProcessTests {
    /// `backfill gaps` (issue 14): every planted gap reported with its cause, and `--enqueue` closing the fillable
    /// ones, through real processes on a fixed market clock (Saturday 2024-03-16).
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct GapsFleetTests {
        /// 13:30 UTC, NYSE's regular open in March 2024 (EDT), on the 11th; a day is 86,400 s.
        static func open(_ day: Int) -> Int64 { 1_710_163_800 + Int64(day - 11) * 86_400 }

        static let range = ["--symbols", "AAPL", "--bar", "1min", "--from", "2024-03-11", "--to", "2024-03-15"]

        static func gaps(_ harness: FleetHarness, _ extra: [String] = []) async throws -> [[String: Any]] {
            let output = try await harness.run(["gaps"] + range + ["--json"] + extra).standardOutput
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let series = try #require(object["series"] as? [[String: Any]])
            return try #require(series.first?["gaps"] as? [[String: Any]])
        }

        static func summary(_ gap: [String: Any]) -> String {
            "\(gap["cause"] ?? "?") \(gap["from"] ?? "?")-\(gap["to"] ?? "?") \(gap["missingBars"] ?? "?")"
        }

        @Test func gapsReportEachPlantedGapWithItsCauseAndEnqueueClosesTheFillable() async throws {
            try await FleetHarness.with { harness in
                harness.settings = TickFleetTests.settings
                // A halt of an hour on Wednesday, and all of Thursday without bars.
                try await harness.startSimulator(
                    marketTime: 1_710_547_200,
                    [
                        "--pacing-scale", "0.02",
                        "--fault", "halt=AAPL:20240313-14:00:00/20240313-15:00:00",
                        "--fault", "halt=AAPL:20240314-00:00:00/20240315-00:00:00",
                    ]
                )
                // Tuesday and Wednesday in one request, Thursday in another; Monday and Friday never; ZZZQ does
                // not exist at IB.
                for arguments in [
                    ["--symbols", "AAPL", "--from", "2024-03-12", "--to", "2024-03-13"],
                    ["--symbols", "AAPL", "--from", "2024-03-14", "--to", "2024-03-14"],
                    ["--symbols", "ZZZQ", "--from", "2024-03-12", "--to", "2024-03-12"],
                ] {
                    try await harness.run(["enqueue", "--bar", "1min"] + arguments)
                }
                try harness.startWorker(["--concurrency", "2"])
                _ = try await harness.waitUntilSettled(timeout: .seconds(60))
                // Half an hour of Tuesday is lost after it was stored.
                try await harness.database { database in
                    try await database.query(
                        """
                        DELETE FROM bars WHERE bar_start >= '2024-03-12 15:00Z' AND bar_start < '2024-03-12 15:30Z'
                        """
                    )
                }

                let before = try await Self.gaps(harness)
                #expect(
                    before.map { $0["cause"] as? String } == [
                        "never-fetched", "missing-in-session", "missing-in-session", "no-data", "never-fetched",
                    ],
                    "\(before.map(Self.summary))"
                )
                if before.count == 5 {
                    #expect(before[0]["from"] as? Int == Int(Self.open(11)))
                    #expect(before[1]["from"] as? Int == Int(Self.open(12) + 5_400))
                    #expect(before[1]["missingBars"] as? Int == 30)
                    #expect(before[2]["from"] as? Int == Int(Self.open(13) + 1_800))
                    #expect(before[2]["missingBars"] as? Int == 60)
                    #expect(before[3]["ibCode"] as? Int == 162)
                    #expect((before[3]["ibText"] as? String)?.contains("HMDS query returned no data") == true)
                    #expect(before[3]["fillable"] as? Bool == false)
                    #expect(before[4]["to"] as? Int == Int(Self.open(15) + 23_400))
                }
                let text = try await harness.run([
                    "gaps", "--symbols", "ZZZQ", "--bar", "1min", "--from", "2024-03-12", "--to", "2024-03-12",
                ])
                #expect(
                    text.standardOutput.contains("dead-lettered (IB error 200: No security definition"),
                    "\(text.standardOutput)"
                )

                let enqueued = try await harness.run(["gaps"] + Self.range + ["--enqueue"])
                #expect(enqueued.standardOutput.contains("enqueued 4 new chunk(s)"), "\(enqueued.standardOutput)")
                _ = try await harness.waitUntilSettled(timeout: .seconds(60))

                // What could be filled is; the halt stays (fetched again once), and so does IB's "no data".
                let after = try await Self.gaps(harness)
                #expect(
                    after.map { $0["cause"] as? String } == ["missing-in-session", "no-data"],
                    "\(after.map(Self.summary))"
                )
                #expect(after.first?["fillable"] as? Bool == false)
                #expect(
                    after.first?["description"] as? String
                        == "bars missing inside a fetched session, also after a re-fetch (IB has none: a halt?)"
                )
                let again = try await harness.run(["gaps"] + Self.range + ["--enqueue"])
                #expect(again.standardOutput.contains("enqueued 0 new chunk(s)"), "\(again.standardOutput)")
                try await harness.database { database in
                    let perDay = try await database.query(
                        """
                        SELECT to_char(bar_start AT TIME ZONE 'UTC', 'DD') AS day, count(*) AS n FROM bars
                        GROUP BY 1 ORDER BY 1
                        """
                    ).rows.map { "\(try $0.decode(String.self, "day")):\(try $0.decode(Int.self, "n"))" }
                    #expect(perDay == ["11:390", "12:390", "13:330", "15:390"])
                }
            }
        }

        @Test func badInputExitsTwoWithOneSentenceAndChangesNothing() async throws {
            try await FleetHarness.with { harness in
                func failing(_ arguments: [String]) async throws -> String {
                    let result = try await ProcessResult.run(
                        harness.backfill,
                        arguments,
                        environment: harness.environment
                    )
                    #expect(result.status == 2, "\(arguments): \(result.status) \(result.standardError)")
                    let lines = result.standardError.split(separator: "\n")
                    #expect(lines.count == 1, "\(arguments): \(result.standardError)")
                    return result.standardError
                }
                #expect(
                    try await failing(
                        ["gaps"] + Self.range.dropLast(4) + ["--from", "2024-03-12", "--to", "2024-03-10"]
                    ).contains("before --from")
                )
                #expect(try await failing(["follow", "remove", "0123456789abcdef"]).contains("no subscription"))
                #expect(
                    try await failing(["follow", "remove", "--symbols", "AAPL", "--bar", "1min"]).contains(
                        "no such subscription"
                    )
                )
                #expect(try await failing(["follow", "add", "--symbols", "AAPL", "--bar", "7min"]).contains("7min"))
                #expect(
                    try await failing(["follow", "add", "--symbols", "AAPL", "--bar", "1min", "--revisit", "99"])
                        .contains("--revisit")
                )
                #expect(
                    try await failing(["follow", "add", "--symbols", "EUR/USD.IDEALPRO", "--bar", "1h"]).contains(
                        "MIDPOINT"
                    )
                )
                #expect(try await failing(["follow", "add", "--symbols", "AAPL"]).contains("--bar"))
                #expect(try await failing(["scheduler", "--delay", "soon"]).contains("--delay"))
                try await harness.database { database in
                    let count = try await database.query("SELECT count(*) AS n FROM follows").singleRow()
                    #expect(try count?.decode(Int.self, "n") == 0)
                }
                // Removing what exists works, by id prefix and by series.
                let id = try await harness.run(["follow", "add", "--symbols", "AAPL", "--bar", "1min"]).standardOutput
                try await harness.run(["follow", "add", "--symbols", "MSFT", "--bar", "1min"])
                let removed = try await harness.run(["follow", "remove", String(id.prefix(10))]).standardOutput
                #expect(removed.contains("removed") && removed.contains("AAPL"), "\(removed)")
                try await harness.run(["follow", "remove", "--symbols", "MSFT", "--bar", "1min"])
                #expect(try await harness.run(["follow", "list"]).standardOutput.contains("no subscriptions"))
            }
        }
    }
}
