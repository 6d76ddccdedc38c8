import BackfillStore
import ChunkPlanning
import Fleet
import Foundation
import PQKit
import RedisKit
import TWSProtocol
import WorkQueue

/// Plan and enqueue 500 symbols × 20 years of 1-minute bars (time and peak memory), then claim+ack cycles per
/// second with a no-op fetch. Uses its own PostgreSQL schema and Redis database 15, both emptied afterwards.
enum QueueBench {
    static let symbols = 500
    static let years = 20
    static let cycles = 20_000
    static let concurrentClaimers = 4

    static func run(redisURL: String, databaseURL: String) async throws {
        print("")
        print(Bench.row("measurement", "result", "target", ""))
        let contracts = (0..<symbols).map { index in
            Contract(symbol: "S\(1000 + index)", secType: .stock, exchange: "SMART", currency: "USD")
        }
        let to = Int64(Date().timeIntervalSince1970) / 86400 * 86400 - 86400
        let request = PlanRequest(
            contracts: contracts,
            from: to - Int64(years) * 365 * 86400,
            to: to,
            barSize: try BarSizeSetting(parsing: "1min"),
            useRTH: true
        )
        let clock = ContinuousClock()
        let started = clock.now
        let plan = try Planner().plan(request, now: to + 86400)
        let planned = clock.now
        print(
            Bench.row(
                "plan \(symbols) symbols × \(years) y of 1-min bars",
                "\(seconds(planned - started)) s",
                "",
                "\(plan.chunks.count) chunks"
            )
        )

        // PostgreSQL: a schema of its own, migrated, then the backfill recorded with COPY.
        let schema = "bench_\(getpid())"
        let admin = try PostgresConfiguration(url: databaseURL)
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "CREATE SCHEMA {}", identifier: schema))
        }
        let separator = databaseURL.contains("?") ? "&" : "?"
        let scoped = try PostgresConfiguration(url: databaseURL + separator + "options=-csearch_path%3D" + schema)
        var redisConfiguration = try RedisConfiguration(url: redisURL)
        redisConfiguration.database = 15
        let redis = try await RedisConnection.connect(configuration: redisConfiguration)
        try await redis.send("FLUSHDB")
        let queue = try WorkQueue(connection: redis)
        let database = try await PostgresConnection.connect(configuration: scoped)
        _ = try await Migrator().migrate(database)
        let store = ChunkStore(database: database)

        let backend = try await CPUTimes.backendPID(database)
        let cpuBefore = try await CPUTimes.read(postgresBackend: backend, redis: redis)
        let enqueueStarted = clock.now
        // What `backfill enqueue` does: blocks of chunks recorded as queued in PostgreSQL, each pushed to Redis
        // while the next is recorded.
        let outcome = try await PlanEnqueuer(store: store, queue: queue).enqueue(
            BackfillRecord(
                id: request.backfillID,
                barSize: "1 min",
                whatToShow: "TRADES",
                useRTH: true,
                rangeStart: request.from,
                rangeEnd: request.to
            ),
            chunks: plan.chunks
        )
        let added = outcome.queued
        let enqueued = clock.now
        let cpuAfter = try await CPUTimes.read(postgresBackend: backend, redis: redis)
        let total = seconds(enqueued - started)
        print(Bench.row("plan + enqueue (PostgreSQL + Redis)", "\(total) s", "< 10 s", "\(added) queued"))
        print(
            "  of which record + push \(seconds(enqueued - enqueueStarted)) s; CPU used meanwhile: "
                + CPUTimes.spent(from: cpuBefore, to: cpuAfter)
        )
        print(Bench.row("peak memory of this process", "\(peakMegabytes()) MB", "< 200 MB", ""))

        // Claim + ack with a no-op fetch: one connection, then several tasks of this process with a connection
        // each, as a worker running `--concurrency N` chunks does.
        let single = try await claimAndAckRate(queues: [queue], cycles: cycles)
        print(Bench.row("claim + ack cycles/s (one connection)", Bench.format(single), "", ""))
        var extra: [RedisConnection] = []
        for _ in 1..<concurrentClaimers {
            extra.append(try await RedisConnection.connect(configuration: redisConfiguration))
        }
        let queues = [queue] + (try extra.map { try WorkQueue(connection: $0) })
        let concurrent = try await claimAndAckRate(queues: queues, cycles: cycles)
        print(
            Bench.row(
                "claim + ack cycles/s, \(concurrentClaimers) tasks in one process",
                Bench.format(concurrent),
                "≥ 5,000",
                ""
            )
        )
        for connection in extra { await connection.close() }

        try await redis.send("FLUSHDB")
        await redis.close()
        await database.close()
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: schema))
        }

    }

    /// Cycles per second of claim, no-op fetch, ack, with one task per queue (each on its own connection).
    static func claimAndAckRate(queues: [WorkQueue], cycles: Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let perTask = cycles / queues.count
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, queue) in queues.enumerated() {
                group.addTask {
                    var count = 0
                    for _ in 0..<perTask {
                        guard let chunk = try await queue.claim(worker: "bench-\(index)", clientID: index + 1) else {
                            break
                        }
                        _ = try await queue.ack(chunk)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (clock.now - start).components
        return Double(done) / max(1e-9, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        return String(format: "%.2f", Double(whole) + Double(atto) / 1e18)
    }

    static func peakMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1024)  // Linux reports kilobytes
    }
}
