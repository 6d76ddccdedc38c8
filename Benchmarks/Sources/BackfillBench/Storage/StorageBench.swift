import BackfillStore
import DataExport
import Foundation
import PQKit
import TWSProtocol

/// Storage at scale: the worker's commit path (``BarStore/commit``: COPY, upsert and the chunk marked done) in
/// bars per second into an empty `bars` table and into one holding 50 million bars (`BENCH_STORAGE_ROWS` to
/// change), and how one instrument-year of 1-minute bars is read back in time order (the export's query, with
/// `EXPLAIN (ANALYZE, BUFFERS)`). `BENCH_STORAGE_KEEP=1` keeps both schemas afterwards, to look at them by hand.
///
/// The machine is shared, so after the load the commits alternate, a slice at a time, between the loaded schema and
/// a second, empty one: both rates see the same neighbours, and their ratio is the headline. The rate measured into
/// the first schema before it was loaded is printed too. Too slow for the default run: `BENCH_ONLY=storage`.
enum StorageBench {
    /// 2014-01-06, a Monday: the loaded years start here, and the measured chunks are the weeks before it.
    static let loadStart: Int64 = 1_388_966_400
    static let loadedInstruments = 50
    static let sampleInstruments = 20
    // Fine slices (5 chunks each): a neighbour's build starting or stopping then weighs on both rates alike.
    static let rounds = 52

    static func run(databaseURL: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let rows = Int(environment["BENCH_STORAGE_ROWS"] ?? "") ?? 50_000_000
        let weeks = Int(environment["BENCH_STORAGE_WEEKS"] ?? "") ?? 13
        let load = BulkBarLoad(rows: rows, instruments: loadedInstruments, firstMonday: loadStart)
        let (from, to) = (loadStart - Int64(weeks) * 7 * 86_400, loadStart)
        print("")
        print(Bench.row("storage measurement", "result", "target", ""))

        let loaded = try await BenchSchema.create(named: "bench_storage_\(getpid())", databaseURL: databaseURL)
        let control = try await BenchSchema.create(named: "bench_storage_empty_\(getpid())", databaseURL: databaseURL)
        let database = try await loaded.connect()
        let controlDatabase = try await control.connect()

        // Into the empty table.
        let first = try await CommitSample.prepare(
            contracts: contracts("E", sampleInstruments),
            from: from,
            to: to,
            in: database
        )
        await checkpoint(database)
        let firstTime = try await first.commit(first.chunks.indices, into: database)
        print(
            Bench.row(
                "commit bars/s, empty bars table",
                Bench.format(Double(first.barCount) / TickBench.seconds(firstTime)),
                "",
                "\(first.chunks.count) chunks of ≤ 1950"
            )
        )

        // 50 million bars, then the same path on new instruments and on new (earlier) weeks of loaded ones.
        let clock = ContinuousClock()
        let loadStarted = clock.now
        let step = max(1, load.rows / 10)
        try await load.load(into: loaded) { done, last in
            guard done / step != (done - last) / step else { return }
            FileHandle.standardError.write(Data("storage: \(Bench.format(Double(done))) bars loaded\n".utf8))
        }
        let stored = try await database.query("SELECT count(*) AS n FROM bars").singleRow()?.decode(Int.self, "n")
        print(
            Bench.row(
                "bulk load + VACUUM ANALYZE",
                "\(QueueBench.seconds(clock.now - loadStarted)) s",
                "< 600 s",
                "\(Bench.format(Double(stored ?? 0))) bars"
            )
        )
        print(try await sizes(database))

        let existing = Array(load.contracts.prefix(sampleInstruments / 2))
        let after = try await CommitSample.prepare(
            contracts: existing + contracts("N", sampleInstruments - existing.count),
            from: from,
            to: to,
            in: database
        )
        let reference = try await CommitSample.prepare(
            contracts: contracts("C", sampleInstruments),
            from: from,
            to: to,
            in: controlDatabase
        )
        await checkpoint(database)
        var (afterTime, referenceTime) = (Duration.zero, Duration.zero)
        for round in 0..<rounds {
            referenceTime += try await reference.commit(slice(round, of: reference.chunks.count), into: controlDatabase)
            afterTime += try await after.commit(slice(round, of: after.chunks.count), into: database)
        }
        let afterRate = Double(after.barCount) / TickBench.seconds(afterTime)
        let referenceRate = Double(reference.barCount) / TickBench.seconds(referenceTime)
        let rowsText = Bench.format(Double(stored ?? 0))
        print(Bench.row("commit bars/s, empty table (alternating)", Bench.format(referenceRate), "", ""))
        print(Bench.row("commit bars/s, \(rowsText) bars stored", Bench.format(afterRate), "", ""))
        print(
            Bench.row(
                "ingest ratio at \(rowsText) bars",
                String(format: "%.2f", afterRate / referenceRate),
                "≥ 0.80",
                afterRate / referenceRate >= 0.8 ? "ok" : "BELOW"
            )
        )

        try await readBack(load: load, schema: loaded, database: database)

        await database.close()
        await controlDatabase.close()
        if environment["BENCH_STORAGE_KEEP"] == "1" {
            print("kept the schemas \(loaded.name) and \(control.name) (BENCH_STORAGE_KEEP=1); drop them when done")
        } else {
            try await loaded.drop()
            try await control.drop()
        }
    }

    /// One instrument-year (2015) of the first loaded instrument, as `backfill export` reads it.
    static func readBack(load: BulkBarLoad, schema: BenchSchema, database: PostgresConnection) async throws {
        let ids = try await ChunkStore(database: database).instrumentIDs(for: [load.contracts[0]])
        let instrumentID = ids[load.contracts[0]] ?? 0
        let (from, to): (Int64, Int64) = (1_420_070_400, 1_451_606_400)
        let plan = try ReadPlan.explain(
            databaseURL: schema.url,
            select: ExportSelect(instrumentID: instrumentID, from: from, to: to)
        )
        print("")
        print("EXPLAIN (ANALYZE, BUFFERS) of the export query, one instrument-year of 1-min bars:")
        for line in plan.lines { print("    " + line) }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-storage-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let clock = ContinuousClock()
        let started = clock.now
        let output = try ExportFile(url: file, gzip: false)
        let exported = try await Exporter(database: database).export(
            instrumentID: instrumentID,
            series: .bars(barSize: "1 min", whatToShow: "TRADES"),
            from: from,
            to: to,
            format: .csv,
            time: .iso,
            into: output
        )
        try output.commit()
        let elapsed = QueueBench.seconds(clock.now - started)
        print(
            Bench.row(
                "read 1 instrument-year, single index scan",
                plan.isSingleIndexRangeScan ? "yes" : "NO",
                "yes",
                plan.executionMilliseconds.map { String(format: "%.0f ms", $0) } ?? "?"
            )
        )
        print(Bench.row("  export of it to CSV", "\(elapsed) s", "", "\(Bench.format(Double(exported))) rows"))
    }

    static func contracts(_ prefix: String, _ count: Int) -> [Contract] {
        (0..<count).map {
            Contract(symbol: "\(prefix)\(1000 + $0)", secType: .stock, exchange: "SMART", currency: "USD")
        }
    }

    /// The `round`-th of ``rounds`` equal slices of `count` chunks.
    static func slice(_ round: Int, of count: Int) -> Range<Int> {
        (count * round / rounds)..<(count * (round + 1) / rounds)
    }

    /// Table and index sizes of `bars`, for the record.
    static func sizes(_ database: PostgresConnection) async throws -> String {
        let row = try await database.query(
            """
            SELECT pg_size_pretty(pg_table_size('bars')) AS heap, pg_size_pretty(pg_indexes_size('bars')) AS indexes
            """
        ).singleRow()
        let heap = try row?.decode(String.self, "heap") ?? "?"
        let indexes = try row?.decode(String.self, "indexes") ?? "?"
        return Bench.row("  bars table / indexes", heap, indexes, "")
    }

    /// Writes out what the load left dirty, so the measured commits do not pay for it. Needs superuser or
    /// `pg_checkpoint`; without them the commits run as they are.
    static func checkpoint(_ database: PostgresConnection) async {
        _ = try? await database.executeScript("CHECKPOINT")
    }
}
