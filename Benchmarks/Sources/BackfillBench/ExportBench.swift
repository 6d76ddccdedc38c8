import BackfillStore
import DataExport
import Foundation
import PQKit

/// `backfill export`'s engine on 10 million stored 1-minute bars (`BENCH_EXPORT_ROWS` to change): rows per second
/// and the peak memory while it runs, against `psql \copy (SELECT …) TO` of the same query into a file.
enum ExportBench {
    static func run(databaseURL: String) async throws {
        let rows = Int(ProcessInfo.processInfo.environment["BENCH_EXPORT_ROWS"] ?? "") ?? 10_000_000
        print("")
        print(Bench.row("export measurement", "ours", "reference", "ratio"))
        let schema = "bench_export_\(getpid())"
        let admin = try PostgresConfiguration(url: databaseURL)
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "CREATE SCHEMA {}", identifier: schema))
        }
        let separator = databaseURL.contains("?") ? "&" : "?"
        let scopedURL = databaseURL + separator + "options=-csearch_path%3D" + schema
        let database = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: scopedURL))
        _ = try await Migrator().migrate(database)
        try await database.query(
            "INSERT INTO instruments (symbol, sec_type, exchange, currency) VALUES ('BENCH', 'STK', 'SMART', 'USD')"
        )
        try await database.query(
            """
            INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume, wap,
                              bar_count)
            SELECT 1, '1 min', 'TRADES', to_timestamp(946684800 + n * 60::bigint),
                   (100 + n % 5000 / 100.0)::numeric(12, 2), (100.25 + n % 5000 / 100.0)::numeric(12, 2),
                   (99.75 + n % 5000 / 100.0)::numeric(12, 2), (100.10 + n % 5000 / 100.0)::numeric(12, 2),
                   100 + n % 9000, (100.05 + n % 5000 / 100.0)::numeric(12, 4), 1 + n % 300
            FROM generate_series(0, $1::bigint - 1) AS n
            """,
            rows
        )
        try await database.executeScript("ANALYZE bars")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-export-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = directory.appendingPathComponent("ours.csv")
        let theirs = directory.appendingPathComponent("theirs.csv")
        let (from, to): (Int64, Int64) = (946_684_800, 946_684_800 + Int64(rows) * 60)

        resetPeakMemory()
        let before = residentMegabytes()
        let clock = ContinuousClock()
        let started = clock.now
        let file = try ExportFile(url: ours, gzip: false)
        let exported = try await Exporter(database: database).export(
            instrumentID: 1,
            series: .bars(barSize: "1 min", whatToShow: "TRADES"),
            from: from,
            to: to,
            format: .csv,
            time: .iso,
            into: file
        )
        try file.commit()
        let ourRate = Double(exported) / TickBench.seconds(clock.now - started)
        let peak = peakMegabytes()
        guard exported == rows else { throw BenchError("exported \(exported) rows, not \(rows)") }

        // The reference runs the very same statement, with the same settings, through psql's \copy.
        let select = ExportSelect(instrumentID: 1, from: from, to: to)
        let copy = "\\copy (\(select.sql)) TO '\(theirs.path)' WITH (FORMAT csv, HEADER true)"
        let referenceStarted = clock.now
        _ = try ExternalTool.run(
            ["psql", scopedURL, "-v", "ON_ERROR_STOP=1", "-q"] + select.psqlSettings + ["-c", copy]
        )
        let theirRate = Double(rows) / TickBench.seconds(clock.now - referenceStarted)
        let same = FileManager.default.contentsEqual(atPath: ours.path, andPath: theirs.path)
        print(Bench.row("export rows/s, \(Bench.format(Double(rows))) 1-min bars", ourRate, theirRate))
        print(
            Bench.row("  peak RSS during export (MB)", "\(peak)", "before: \(before)", same ? "same file" : "DIFFERENT")
        )
        guard same else { throw BenchError("our export and psql's differ") }

        await database.close()
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: schema))
        }
    }

    /// Linux: writing 5 to clear_refs resets the peak resident size (VmHWM), so the peak below is this export's.
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakMegabytes() -> Int { statusKilobytes("VmHWM") / 1024 }

    static func residentMegabytes() -> Int { statusKilobytes("VmRSS") / 1024 }

    private static func statusKilobytes(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
