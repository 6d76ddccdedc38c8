import BackfillTestSupport
import Foundation
import PQKit
import Testing

extension FleetProcessTests {
    /// Issue 17, item 6: bad input gets one clear sentence and the right exit status (2 for input, 1 for a failure),
    /// unknown ids are refused, and a plan changes nothing.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct InputHandlingTests {
        static let range = ["--from", "2024-01-02", "--to", "2024-01-05", "--bar", "1d", "--no-head-timestamps"]

        /// Runs `backfill` and checks its status and that its one error line says `text` (and never ends in "..").
        static func expect(
            _ harness: FleetHarness,
            _ arguments: [String],
            status: Int32,
            says text: String,
            environment: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let result = try await ProcessResult.run(
                harness.backfill,
                arguments,
                environment: harness.environment.merging(environment) { _, new in new }
            )
            #expect(result.status == status, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
            #expect(
                result.standardError.contains(text),
                "\(arguments): \(result.standardError)",
                sourceLocation: sourceLocation
            )
            #expect(
                !result.standardError.split(separator: "\n").contains { $0.hasSuffix("..") && !$0.hasSuffix("...") },
                "\(result.standardError)",
                sourceLocation: sourceLocation
            )
        }

        @Test func negativeAndNonsenseNumbersAreJudgedForWhatTheyAre() async throws {
            try await FleetHarness.with { harness in
                let enqueue = ["enqueue", "--symbols", "AAPL"] + Self.range
                try await Self.expect(
                    harness,
                    enqueue + ["--priority", "-5000"],
                    status: 2,
                    says: "--priority must be within"
                )
                try await Self.expect(
                    harness,
                    ["connect", "--client-id", "-5"],
                    status: 2,
                    says: "--client-id must be 0 or more"
                )
                try await Self.expect(
                    harness,
                    ["sim", "--pacing-scale", "-1"],
                    status: 2,
                    says: "--pacing-scale must be a positive number"
                )
                for value in ["5s", "7s=1h", "5s=0", "5s=soon"] {
                    try await Self.expect(harness, ["sim", "--max-duration", value], status: 2, says: "BAR=SPAN")
                }
                try await Self.expect(
                    harness,
                    ["sim", "--oversize", "shrug"],
                    status: 2,
                    says: "--oversize must be error, truncate or silence"
                )
                // Symbols with spaces or empty parts (issue 12), exactly as typed.
                for (symbols, sentence) in [
                    ("AA PL", "has a space"), ("AAPL,,MSFT", "empty symbol"), ("A..B", "'A..B' has an empty part"),
                ] {
                    try await Self.expect(
                        harness,
                        ["plan", "--symbols", symbols] + Self.range,
                        status: 2,
                        says: sentence
                    )
                }
                for pace in ["nan", "-1", "0"] {
                    try await Self.expect(
                        harness,
                        ["plan", "--symbols", "AAPL", "--pace", pace] + Self.range,
                        status: 2,
                        says: "--pace must be a positive number"
                    )
                }
                try await Self.expect(
                    harness,
                    ["plan", "--symbols", "AAPL", "--from", "0000-01-01", "--to", "2024-01-05", "--bar", "1d"],
                    status: 2,
                    says: "outside 1970-01-01 to 2199-12-31"
                )
                try await Self.expect(harness, ["enqueue", "--bogus"], status: 2, says: "Unknown option '--bogus'")
                try await Self.expect(
                    harness,
                    ["status"],
                    status: 2,
                    says: "DATABASE_URL is malformed",
                    environment: ["DATABASE_URL": "postgres://@@@/:"]
                )
                // A negative priority is a priority, not a missing value.
                let accepted = try await harness.run(enqueue + ["--priority", "-5"])
                #expect(accepted.standardOutput.count >= 16)
            }
        }

        @Test func unknownIDsAreRefusedNotReportedAsDone() async throws {
            try await FleetHarness.with { harness in
                for command in [
                    ["status", "nosuchbackfill"], ["status", "--watch", "nosuchbackfill"],
                    ["cancel", "nosuchbackfill"],
                    ["resume", "nosuchbackfill"],
                ] {
                    try await Self.expect(harness, command, status: 1, says: "No backfill has the id 'nosuchbackfill'")
                }
                try await Self.expect(
                    harness,
                    ["retry", "--chunk", "nosuchchunk"],
                    status: 1,
                    says: "No chunk has the id"
                )
                try await Self.expect(
                    harness,
                    ["retry", "--backfill", "nosuchbackfill"],
                    status: 1,
                    says: "No backfill has the id"
                )
            }
        }

        @Test func aPlanChangesNothingInPostgreSQL() async throws {
            try await FleetHarness.with { harness in
                func counts() async throws -> [Int] {
                    try await harness.database { database in
                        let row = try await database.query(
                            """
                            SELECT (SELECT count(*) FROM instruments) AS instruments,
                                   (SELECT count(*) FROM backfills) AS backfills,
                                   (SELECT count(*) FROM chunks) AS chunks,
                                   (SELECT count(*) FROM head_timestamps) AS heads
                            """
                        ).singleRow()
                        return try ["instruments", "backfills", "chunks", "heads"].map {
                            try row?.decode(Int.self, $0) ?? -1
                        }
                    }
                }
                let before = try await counts()
                try await harness.run(["plan", "--symbols", "AAPL,MSFT,SPY"] + Self.range)
                #expect(try await counts() == before)
                #expect(before == [0, 0, 0, 0])
            }
        }

        @Test func tickRequestsIBWouldRefuseAreRefusedBeforeAnythingIsRecorded() async throws {
            try await FleetHarness.with { harness in
                let days = ["--from", "2024-03-12", "--to", "2024-03-13", "--no-head-timestamps"]
                try await Self.expect(
                    harness,
                    ["enqueue", "--symbols", "AAPL", "--ticks", "BID"] + days,
                    status: 2,
                    says: "Unknown tick type 'BID': use TRADES, BID_ASK or MIDPOINT."
                )
                try await Self.expect(
                    harness,
                    ["plan", "--symbols", "AAPL", "--ticks", "TRADES", "--bar", "1min"] + days,
                    status: 2,
                    says: "--ticks replaces --bar and --what"
                )
                try await Self.expect(
                    harness,
                    ["enqueue", "--symbols", "EUR/USD.IDEALPRO", "--ticks", "TRADES"] + days,
                    status: 2,
                    says: "IB has no TRADES ticks for"
                )
                try await Self.expect(
                    harness,
                    ["plan", "--symbols", "AAPL", "--ticks", "MIDPOINT", "--from", "2099-01-01", "--to", "2099-01-02"],
                    status: 2,
                    says: "which is not in the past yet"
                )
                let plan = try await harness.run(["plan", "--symbols", "AAPL,MSFT", "--ticks", "bid-ask"] + days)
                #expect(plan.standardOutput.contains("tick chains: 4 session(s) for 2 instrument(s), BID_ASK ticks"))
                #expect(plan.standardOutput.contains("an estimate only"))
                #expect(try await harness.chunkStates().isEmpty)
            }
        }

        @Test func anUnmigratedDatabaseSaysToMigrate() async throws {
            try await TestSchema.with { schema in
                try await FleetHarness.with { harness in
                    for command in [["status"], ["enqueue", "--symbols", "AAPL"] + Self.range] {
                        try await Self.expect(
                            harness,
                            command,
                            status: 1,
                            says: "run `backfill migrate` first",
                            environment: ["DATABASE_URL": schema.url]
                        )
                    }
                }
            }
        }
    }
}
