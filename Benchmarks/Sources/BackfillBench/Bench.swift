import Foundation
import PQKit
import RedisKit

/// Measures RedisKit and PQKit against the reference tools on the same servers, in the same run.
///
/// Needs REDIS_URL and DATABASE_URL (Deploy/bench.sh starts local services and sets them), `redis-benchmark` and
/// `psql`. Prints one line per measurement: ours, theirs, and ours/theirs.
@main
struct Bench {
    static let sequentialCommands = 50_000
    static let pipelinedCommands = 200_000
    static let pipelineDepth = 100
    static let copyRows = 1_000_000

    static func main() async {
        do {
            try await run()
        } catch {
            FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let redisURL = environment["REDIS_URL"], let databaseURL = environment["DATABASE_URL"] else {
            throw BenchError("set REDIS_URL and DATABASE_URL (Deploy/bench.sh does)")
        }
        let redisConfiguration = try RedisConfiguration(url: redisURL)
        guard case .tcp(let host, let port) = redisConfiguration.endpoint else {
            throw BenchError("the benchmark needs Redis over TCP")
        }
        print("Backfill benchmark (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        if environment["BENCH_ONLY"] == "requests" {
            try RequestSizeBench.run()
            return
        }
        if environment["BENCH_ONLY"] == "queue" {
            try await QueueBench.run(redisURL: redisURL, databaseURL: databaseURL)
            return
        }
        if environment["BENCH_ONLY"] == "export" {
            try await ExportBench.run(databaseURL: databaseURL)
            return
        }
        if environment["BENCH_ONLY"] == "storage" {
            try await StorageBench.run(databaseURL: databaseURL)
            return
        }
        if environment["BENCH_ONLY"] == "ticks" {
            try await TickBench.run(databaseURL: databaseURL)
            return
        }
        print(row("measurement", "ours", "reference", "ratio"))

        let redis = try await RedisConnection.connect(configuration: redisConfiguration)
        let auth = redisConfiguration.password.map { ["REDISCLI_AUTH": $0] } ?? [:]
        let reference = ["redis-benchmark", "-h", host, "-p", String(port), "-c", "1", "-t", "ping", "--csv"]

        for _ in 0..<1_000 { try await redis.send("PING") }
        let sequential = try await rate(sequentialCommands) {
            for _ in 0..<sequentialCommands { try await redis.send("PING") }
        }
        let sequentialReference = try ExternalTool.redisBenchmarkRate(
            ExternalTool.run(reference + ["-n", String(sequentialCommands)], environment: auth),
            test: "PING_MBULK"
        )
        print(row("Redis round trips/s, one at a time", sequential, sequentialReference))

        let batch = [RedisCommand](repeating: RedisCommand("PING"), count: pipelineDepth)
        let pipelined = try await rate(pipelinedCommands) {
            for _ in 0..<(pipelinedCommands / pipelineDepth) { _ = try await redis.pipeline(batch) }
        }
        let pipelinedReference = try ExternalTool.redisBenchmarkRate(
            ExternalTool.run(
                reference + ["-n", String(pipelinedCommands), "-P", String(pipelineDepth)],
                environment: auth
            ),
            test: "PING_MBULK"
        )
        print(row("Redis commands/s, pipelined by \(pipelineDepth)", pipelined, pipelinedReference))
        await redis.close()

        let (ours, theirs) = try await copyBenchmark(databaseURL: databaseURL)
        print(row("PostgreSQL COPY rows/s, 1,000,000 bars", ours, theirs))

        try RequestSizeBench.run()
        try await QueueBench.run(redisURL: redisURL, databaseURL: databaseURL)
        try await TickBench.run(databaseURL: databaseURL)
        try await ExportBench.run(databaseURL: databaseURL)
        try await StorageBench.run(databaseURL: databaseURL)
    }

    /// COPY into a bars-shaped table (natural primary key included) by PQKit, then by `psql \copy` from a file
    /// holding the same rows; each starts from an empty table.
    static func copyBenchmark(databaseURL: String) async throws -> (Double, Double) {
        let configuration = try PostgresConfiguration(url: databaseURL)
        let database = try await PostgresConnection.connect(configuration: configuration)
        try await database.executeScript(
            """
            DROP TABLE IF EXISTS bench_bars;
            CREATE TABLE bench_bars (
                instrument_id bigint NOT NULL, bar_size text NOT NULL, what_to_show text NOT NULL,
                bar_start timestamptz NOT NULL, open numeric NOT NULL, high numeric NOT NULL, low numeric NOT NULL,
                close numeric NOT NULL, volume numeric, wap numeric, bar_count integer,
                PRIMARY KEY (instrument_id, bar_size, what_to_show, bar_start)
            )
            """
        )
        let ours = try await rate(copyRows) {
            let stored = try await database.copyFrom(
                "COPY bench_bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume, wap, bar_count) FROM STDIN"
            ) { writer in
                for index in 0..<copyRows { try writer.appendRow(BarRows.fields(index)) }
            }
            guard stored == copyRows else { throw BenchError("COPY stored \(stored) rows, not \(copyRows)") }
        }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-bench-\(getpid()).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = ""
        text.reserveCapacity(copyRows * 90)
        for index in 0..<copyRows { text += BarRows.fields(index).joined(separator: "\t") + "\n" }
        try text.write(to: file, atomically: false, encoding: .utf8)
        try await database.executeScript("TRUNCATE bench_bars")

        let theirs = try await rate(copyRows) {
            _ = try ExternalTool.run([
                "psql", databaseURL, "-v", "ON_ERROR_STOP=1", "-qc",
                "\\copy bench_bars (\(BarRows.columns)) FROM '\(file.path)'",
            ])
        }
        let count = try await database.query("SELECT count(*) AS n FROM bench_bars").rows.first?.decode(Int.self, "n")
        guard count == copyRows else { throw BenchError("psql stored \(count ?? 0) rows, not \(copyRows)") }
        try await database.executeScript("DROP TABLE bench_bars")
        await database.close()
        return (ours, theirs)
    }

    static func rate(_ operations: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(operations) / seconds
    }

    static func row(_ name: String, _ ours: Double, _ theirs: Double) -> String {
        row(name, format(ours), format(theirs), String(format: "%.2f", ours / theirs))
    }

    static func row(_ name: String, _ ours: String, _ theirs: String, _ ratio: String) -> String {
        name.padding(toLength: 42, withPad: " ", startingAt: 0)
            + ours.leftPadded(12) + theirs.leftPadded(12) + ratio.leftPadded(8)
    }

    static func format(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? String(Int(value))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
