import BackfillTestSupport
import Foundation
import GatewaySimulator
import MarketCalendar
import PQKit
import RedisKit
import TWSProtocol

/// A whole deployment for one test: a throwaway Postgres schema, a private Redis, `backfill sim` and any number of
/// `backfill worker` processes, all real and all torn down by ``with(_:)``.
final class FleetHarness: @unchecked Sendable {
    let schema: TestSchema
    let redis: RedisServerProcess
    let backfill: URL
    let directory: URL
    var simulator: RunningProcess?
    var simulatorPort = 0
    var workers: [RunningProcess] = []
    var schedulers: [RunningProcess] = []
    var dashboards: [RunningProcess] = []
    /// Added to every command's environment.
    var settings: [String: String] = [:]

    private init(schema: TestSchema, redis: RedisServerProcess) throws {
        self.schema = schema
        self.redis = redis
        self.backfill = try BuiltProducts.backfill()
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static func with(_ body: (FleetHarness) async throws -> Void) async throws {
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redis in
                let harness = try FleetHarness(schema: schema, redis: redis)
                defer { harness.tearDown() }
                try await harness.run(["migrate"])
                try await body(harness)
            }
        }
    }

    private func tearDown() {
        for process in workers + schedulers + dashboards { process.signal(SIGKILL) }
        simulator?.signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    var auditPath: String { directory.appendingPathComponent("audit.jsonl").path }

    /// The market clock the simulator (`--clock-file`) and the commands (`BACKFILL_TEST_CLOCK_FILE`) share.
    var clockPath: String { directory.appendingPathComponent("market-clock").path }

    /// Moves market time to `epochSeconds` for the simulator and every command that reads the test clock.
    func setClock(_ epochSeconds: Int64) throws {
        guard MarketClock.write(epochSeconds, toTestClockFile: clockPath) else {
            throw TestSetupError("Cannot write the test clock file \(clockPath).")
        }
    }

    /// Starts the simulator on a market clock set to `marketTime`, which the test moves with ``setClock(_:)`` and every
    /// command reads too (`BACKFILL_TEST_CLOCK_FILE`).
    func startSimulator(marketTime: Int64, _ arguments: [String]) async throws {
        try setClock(marketTime)
        settings["BACKFILL_TEST_CLOCK_FILE"] = clockPath
        try await startSimulator(["--clock-file", clockPath] + arguments)
    }

    /// Starts `backfill scheduler`.
    @discardableResult
    func startScheduler(_ arguments: [String] = []) throws -> RunningProcess {
        let scheduler = try RunningProcess(
            backfill,
            ["scheduler"] + arguments,
            environment: environment,
            currentDirectory: directory
        )
        schedulers.append(scheduler)
        return scheduler
    }

    var environment: [String: String] {
        [
            "DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redis.port)/0",
            "IBKR_HOST": "127.0.0.1", "IBKR_PORT": simulatorPort == 0 ? "4002" : "\(simulatorPort)",
        ].merging(settings) { _, new in new }
    }

    /// Starts `backfill sim` (on a free port the first time, on the same port afterwards).
    func startSimulator(_ arguments: [String]) async throws {
        let sim = try RunningProcess(
            backfill,
            ["sim", "--port", "\(simulatorPort)", "--audit", auditPath] + arguments,
            currentDirectory: directory
        )
        guard await sim.waitFor("Simulator listening on 127.0.0.1:") else {
            throw TestSetupError("The simulator did not start: \(sim.standardError)")
        }
        let line = sim.standardOutput.split(separator: "\n").first { $0.contains("listening") } ?? ""
        simulatorPort = line.split(separator: ":").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        simulator = sim
    }

    func stopSimulator() async {
        simulator?.signal(SIGTERM)
        _ = await simulator?.waitForExit()
        simulator = nil
    }

    @discardableResult
    func startWorker(_ arguments: [String] = []) throws -> RunningProcess {
        let worker = try RunningProcess(
            backfill,
            ["worker"] + arguments,
            environment: environment,
            currentDirectory: directory
        )
        workers.append(worker)
        return worker
    }

    /// Starts `backfill dashboard` on a free port and returns it with its base URL.
    func startDashboard(
        _ arguments: [String] = [],
        environment extra: [String: String] = [:]
    ) async throws
        -> (process: RunningProcess, url: String)
    {
        let dashboard = try RunningProcess(
            backfill,
            ["dashboard", "--port", "0"] + arguments,
            environment: environment.merging(extra) { $1 },
            currentDirectory: directory
        )
        dashboards.append(dashboard)
        guard await dashboard.waitFor("dashboard at http://", inStandardError: true),
            let line = dashboard.standardError.split(separator: "\n").first(where: {
                $0.contains("dashboard at http://")
            }),
            let start = line.range(of: "http://"),
            let end = line[start.lowerBound...].firstIndex(of: " ")
        else {
            throw TestSetupError("The dashboard did not start: \(dashboard.standardError)")
        }
        return (dashboard, String(line[start.lowerBound..<end].dropLast()))
    }

    /// Runs a command to its end; throws unless it exits 0.
    @discardableResult
    func run(_ arguments: [String]) async throws -> ProcessResult {
        let result = try await ProcessResult.run(backfill, arguments, environment: environment)
        guard result.status == 0 else {
            throw TestSetupError(
                "backfill \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)"
            )
        }
        return result
    }

    func database<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await PostgresConnection.withConnection(configuration: schema.configuration, body)
    }

    /// Chunk counts by state.
    func chunkStates() async throws -> [String: Int] {
        try await database { database in
            var counts: [String: Int] = [:]
            for row in try await database.query("SELECT state, count(*) AS n FROM chunks GROUP BY state").rows {
                counts[try row.decode(String.self, "state")] = try row.decode(Int.self, "n")
            }
            return counts
        }
    }

    /// Polls until no chunk is waiting or running (all done, empty, dead or cancelled), up to `timeout`.
    func waitUntilSettled(timeout: Duration) async throws -> [String: Int] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let states = try await chunkStates()
            let open = states.filter { !["done", "empty", "dead", "cancelled", "split"].contains($0.key) }.values
                .reduce(0, +)
            if open == 0 || ContinuousClock.now > deadline { return states }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// `yyyy-MM-dd` in UTC, as `--from` and `--to` take it, for `seconds` since 1970.
    static func day(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// The audit's events, parsed.
    func auditEvents() throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
