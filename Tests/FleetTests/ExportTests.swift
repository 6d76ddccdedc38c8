import BackfillTestSupport
import Foundation
import PQKit
import Testing

extension FleetProcessTests {
    /// `backfill export` as users run it: files per instrument and series, CSV and JSON lines, ISO and epoch
    /// times, gzip, standard output, refusals that write nothing, and a Nautilus catalog made from an export.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct ExportTests {
        /// Monday 2024-03-11 13:30 UTC, the first stored minute.
        static let firstMinute: Int64 = 1_710_163_800

        /// Stores two days of AAPL minutes (390 a day, prices with trailing zeros) and a few MSFT trades ticks, as
        /// a backfill would have.
        static func store(_ harness: FleetHarness) async throws {
            try await harness.database { database in
                try await database.executeScript(
                    """
                    INSERT INTO instruments (symbol, sec_type, exchange, currency)
                    VALUES ('AAPL', 'STK', 'SMART', 'USD'), ('MSFT', 'STK', 'SMART', 'USD');
                    INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume,
                                      wap, bar_count)
                    SELECT (SELECT id FROM instruments WHERE symbol = 'AAPL'), '1 min', 'TRADES',
                           to_timestamp(1710163800 + day * 86400 + minute * 60),
                           (190 + minute / 100.0)::numeric(10, 2), (190.50 + minute / 100.0)::numeric(10, 2),
                           (189.90 + minute / 100.0)::numeric(10, 2), (190.10 + minute / 100.0)::numeric(10, 2),
                           1000 + minute, 190.2345, 12
                    FROM generate_series(0, 1) AS day, generate_series(0, 389) AS minute;
                    INSERT INTO trade_ticks (instrument_id, tick_time, position, price, size, exchange)
                    SELECT (SELECT id FROM instruments WHERE symbol = 'MSFT'), to_timestamp(1710163800 + n / 3),
                           n % 3, 400.10, 100, 'NASDAQ'
                    FROM generate_series(0, 29) AS n;
                    """
                )
            }
        }

        static func read(_ url: URL) throws -> [String] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        }

        @Test func filesHoldExactlyTheStoredRowsInEveryFormat() async throws {
            try await FleetHarness.with { harness in
                try await Self.store(harness)
                let out = harness.directory.appendingPathComponent("exports")
                let range = ["--from", "2024-03-11", "--to", "2024-03-11"]
                try await harness.run(["export", "--symbols", "AAPL", "--bar", "1min", "--output", out.path] + range)
                let csv = try Self.read(out.appendingPathComponent("AAPL_STK_SMART_1min_TRADES.csv"))
                #expect(csv.count == 391)
                #expect(csv[0] == "time,open,high,low,close,volume,wap,bar_count")
                #expect(csv[1] == "2024-03-11T13:30:00Z,190.00,190.50,189.90,190.10,1000,190.2345,12")
                #expect(csv[390].hasPrefix("2024-03-11T19:59:00Z,193.89,"))

                try await harness.run(
                    ["export", "--symbols", "AAPL", "--bar", "1min", "--format", "jsonl", "--time", "epoch", "--gzip"]
                        + ["--output", out.path, "--from", "2024-03-11", "--to", "2024-03-12"]
                )
                let gzipped = out.appendingPathComponent("AAPL_STK_SMART_1min_TRADES.jsonl.gz")
                let unzipped = try await ProcessResult.run(URL(fileURLWithPath: "/bin/gzip"), ["-dc", gzipped.path])
                #expect(unzipped.status == 0)
                let lines = unzipped.standardOutput.split(separator: "\n")
                #expect(lines.count == 780)
                let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
                #expect(first?["time"] as? Int == Int(Self.firstMinute))
                #expect(lines[0].contains(#""open" : 190.00"#) || lines[0].contains(#""open": 190.00"#), "\(lines[0])")

                let ticks = try await harness.run(
                    ["export", "--symbols", "MSFT", "--ticks", "TRADES", "--output", "-"] + range
                )
                let tickLines = ticks.standardOutput.split(separator: "\n")
                #expect(tickLines.count == 31)
                #expect(tickLines[0] == "time,position,price,size,exchange,special_conditions,past_limit,unreported")
                // An empty text is `""` and a NULL nothing at all: PostgreSQL's CSV keeps the two apart.
                #expect(tickLines[1] == #"2024-03-11T13:30:00Z,0,400.10,100,NASDAQ,"",f,f"#)
                #expect(tickLines[3] == #"2024-03-11T13:30:00Z,2,400.10,100,NASDAQ,"",f,f"#)
                // Nothing half-written is left behind.
                let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
                #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
            }
        }

        @Test func badRequestsExitTwoAndWriteNothing() async throws {
            try await FleetHarness.with { harness in
                try await Self.store(harness)
                let out = harness.directory.appendingPathComponent("refused")
                let cases: [([String], String)] = [
                    (["--symbols", "ZZZQ", "--bar", "1min", "--output", out.path], "Nothing is stored for ZZZQ"),
                    (
                        ["--symbols", "AAPL", "--bar", "1min", "--output", out.path, "--to", "2024-03-10"],
                        "is before --from"
                    ),
                    (["--symbols", "AAPL", "--bar", "1min", "--output", "/proc/no-such-dir"], "Cannot create"),
                    (["--symbols", "AAPL,MSFT", "--bar", "1min", "--output", "-"], "--output - writes one instrument"),
                    (["--symbols", "AAPL", "--output", out.path], "Give exactly one of --bar"),
                    (["--symbols", "AAPL", "--bar", "1min", "--format", "xml", "--output", out.path], "--format must"),
                ]
                for (arguments, sentence) in cases {
                    var full = ["export"] + arguments
                    if !full.contains("--to") { full += ["--to", "2024-03-12"] }
                    full += ["--from", "2024-03-11"]
                    let result = try await ProcessResult.run(harness.backfill, full, environment: harness.environment)
                    #expect(result.status == 2, "\(full): \(result.standardError)")
                    #expect(result.standardError.contains(sentence), "\(full): \(result.standardError)")
                    #expect(result.standardOutput.isEmpty)
                }
                let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
                #expect(written.isEmpty, "\(written)")
            }
        }

        @Test(.enabled(if: NautilusPython.path != nil || TestServers.isCI, "BACKFILL_NAUTILUS_PYTHON not set"))
        func anExportBecomesANautilusCatalogThatReadsBackTheSameBars() async throws {
            let python = try #require(
                NautilusPython.path,
                "BACKFILL_NAUTILUS_PYTHON must name the Nautilus venv's python"
            )
            try await FleetHarness.with { harness in
                try await Self.store(harness)
                let out = harness.directory.appendingPathComponent("exports")
                try await harness.run(
                    ["export", "--symbols", "AAPL", "--bar", "1min", "--from", "2024-03-11", "--to", "2024-03-12"]
                        + ["--output", out.path]
                )
                let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("Tools/export_to_nautilus.py")
                let catalog = harness.directory.appendingPathComponent("catalog")
                let result = try await ProcessResult.run(
                    URL(fileURLWithPath: python),
                    [
                        script.path, out.appendingPathComponent("AAPL_STK_SMART_1min_TRADES.csv").path,
                        "--catalog", catalog.path, "--instrument", "AAPL.NASDAQ", "--bar-size", "1min",
                    ]
                )
                #expect(result.status == 0, "\(result.standardError.suffix(2000))")
                #expect(result.standardOutput.contains("780 bars of AAPL.NASDAQ-1-MINUTE-LAST-EXTERNAL"))
                // Stamped at its close: the 13:30 bar is a 13:31 event.
                #expect(
                    result.standardOutput.contains("first: \(Self.firstMinute + 60) 190.00 190.50 189.90 190.10 1000"),
                    "\(result.standardOutput)"
                )
            }
        }
    }
}
