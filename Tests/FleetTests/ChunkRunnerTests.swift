import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import Foundation
import GatewaySimulator
import GlobalPacer
import Logging
import PQKit
import RedisKit
import TWSProtocol
import Testing
import WorkQueue

@testable import Fleet

/// `ChunkRunner`'s decisions, one claimed chunk at a time, in this process: real Redis and PostgreSQL, the
/// simulator as a library on a loopback port, and no worker loop around it. Each test checks the outcome, what
/// PostgreSQL and the queue say afterwards, and whether IB was asked at all.
@Suite(
    .serialized,
    .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
)
struct ChunkRunnerTests {
    static let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")

    /// One regular session of 1-hour AAPL bars: Friday 2024-01-05, 9:30 to 16:00 New York.
    static func friday(_ contract: Contract = aapl, id: String = "friday") -> ChunkRow {
        let end: Int64 = 1_704_488_400  // 2024-01-05 21:00 UTC, the close
        return ChunkRow(
            id: id,
            contract: contract,
            barSize: .oneHour,
            whatToShow: "TRADES",
            useRTH: true,
            endDateTime: "20240105 21:00:00 UTC",
            duration: .days(1),
            windowStart: end - 86_400,
            windowEnd: end
        )
    }

    /// Everything one run needs, and what the runner's decisions can be read from.
    struct Bench {
        let runner: ChunkRunner
        let queue: WorkQueue
        let store: ChunkStore
        let database: PostgresConnection
        let server: SimulatorServer

        /// Records `row` in PostgreSQL, queues it and claims it, as a worker would.
        func claim(_ row: ChunkRow) async throws -> ClaimedChunk {
            let backfill = BackfillRecord(
                id: "bf-\(row.id)",
                barSize: row.barSize.ibName,
                whatToShow: row.whatToShow,
                useRTH: row.useRTH,
                rangeStart: row.windowStart,
                rangeEnd: row.windowEnd
            )
            _ = try await store.record(backfill, chunks: [row])
            try await queue.enqueue([row.id], backfillID: backfill.id)
            try await store.markQueued([row.id])
            return try #require(try await queue.claim(worker: "runner-test", clientID: 1))
        }

        /// Records a tick backfill's first page in PostgreSQL and queues it, as `enqueue --ticks` would.
        func enqueue(_ page: TickPage, backfillID: String) async throws {
            let backfill = BackfillRecord(
                id: backfillID,
                barSize: "ticks",
                whatToShow: page.tickType.rawValue,
                useRTH: page.useRTH,
                rangeStart: page.start,
                rangeEnd: page.sessionEnd
            )
            _ = try await store.record(backfill, tickPages: [page])
            try await queue.enqueue([page.id.rawValue], backfillID: backfillID)
            try await store.markQueued([page.id.rawValue])
        }

        /// Claims and runs chunks until the queue has none ready, as one worker slot would; the outcomes in order.
        func drain(limit: Int = 500) async throws -> [ChunkOutcome] {
            var outcomes: [ChunkOutcome] = []
            while outcomes.count < limit, let claimed = try await queue.claim(worker: "runner-test", clientID: 1) {
                outcomes.append(await runner.run(claimed))
            }
            return outcomes
        }

        /// How many historical-tick requests reached the gateway.
        var tickRequestsSeen: Int { server.auditSummary.requestsByMessage["reqHistoricalTicks", default: 0] }

        /// How many historical-data requests reached the gateway.
        var requestsSeen: Int { server.auditSummary.requestsByMessage["reqHistoricalData", default: 0] }

        /// The chunk's row: state, attempts and IB's error code.
        func row(_ id: String) async throws -> (state: String, attempts: Int, code: Int?) {
            let row = try #require(
                try await database.query(
                    "SELECT state, attempts, last_error_code FROM chunks WHERE id = $1",
                    id
                ).singleRow()
            )
            return (
                try row.decode(String.self, "state"), try row.decode(Int.self, "attempts"),
                try row.decode(Int?.self, "last_error_code")
            )
        }
    }

    static func withBench(
        faults: SimulatorFaults = SimulatorFaults(),
        tickPageRule: TickGenerator.PageRule = .finishSecond,
        _ body: (Bench) async throws -> Void
    ) async throws {
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                    _ = try await Migrator().migrate(database)
                    let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                    var simulator = SimulatorConfiguration()
                    simulator.port = 0
                    simulator.tickPageRule = tickPageRule
                    let server = try SimulatorServer(
                        configuration: simulator,
                        pacing: PacingConfiguration(scale: 0.01),
                        faults: faults
                    )
                    let port = try await server.start()
                    var logger = Logger(label: "test.chunk-runner")
                    logger.logLevel = .critical  // the outcomes are asserted; the log would only be noise
                    let queue = try WorkQueue(connection: redis)
                    let store = ChunkStore(database: database)
                    let session = GatewaySession(
                        host: "127.0.0.1",
                        port: port,
                        clientIDs: GatewaySession.ClientIDs(acquire: { _ in 1 }, release: { _ in }),
                        logger: logger
                    )
                    var configuration = WorkerConfiguration(workerID: "runner-test")
                    configuration.requestTimeout = .seconds(20)
                    let runner = ChunkRunner(
                        ledger: ChunkLedger(queue: queue, store: store, inFlight: InFlightChunks(), metrics: nil),
                        barStore: BarStore(database: database),
                        tickStore: TickStore(database: database),
                        pacer: try GlobalPacer(
                            connection: redis,
                            gateway: "127.0.0.1:\(port)",
                            configuration: PacerConfiguration(scale: 0.01)
                        ),
                        session: session,
                        configuration: configuration,
                        metrics: nil,
                        logger: logger,
                        requestSizes: RequestSizeMemory(store: RequestSizeStore(database: database))
                    )
                    do {
                        try await body(
                            Bench(runner: runner, queue: queue, store: store, database: database, server: server)
                        )
                    } catch {
                        await session.close()
                        await server.stop()
                        await redis.close()
                        throw error
                    }
                    await session.close()
                    await server.stop()
                    await redis.close()
                }
            }
        }
    }

    @Test func aChunkIBAnswersIsStoredMarkedDoneAndLeavesTheQueue() async throws {
        try await Self.withBench { bench in
            let claimed = try await bench.claim(Self.friday())
            let outcome = await bench.runner.run(claimed)
            // 9:30–16:00 in 1-hour bars: 9:30, 10:30, … 15:30.
            #expect(outcome == .done(bars: 7))
            #expect(try await bench.row("friday").state == "done")
            let stored = try await bench.database.query("SELECT count(*) AS n FROM bars").singleRow()
            #expect(try stored?.decode(Int.self, "n") == 7)
            #expect(try await bench.queue.stats().backlog == 0)
            #expect(bench.requestsSeen == 1)
        }
    }

    @Test func aRedeliveredFinishedChunkIsAckedWithoutAskingIB() async throws {
        try await Self.withBench { bench in
            // Another worker committed the chunk and its ack was lost: the lease ran out and the chunk came back.
            let claimed = try await bench.claim(Self.friday())
            try await bench.store.markFinished("friday", state: .done, barCount: 7)
            #expect(await bench.runner.run(claimed) == .alreadyFinished)
            #expect(bench.requestsSeen == 0)
            #expect(try await bench.queue.stats().backlog == 0)
            #expect(try await bench.row("friday").state == "done")
        }
    }

    @Test func aCancelledBackfillsChunkIsDroppedWithoutAskingIB() async throws {
        try await Self.withBench { bench in
            let claimed = try await bench.claim(Self.friday())
            _ = try await bench.store.cancel(backfillID: "bf-friday")
            #expect(await bench.runner.run(claimed) == .dropped)
            #expect(bench.requestsSeen == 0)
            #expect(try await bench.row("friday").state == "cancelled")
        }
    }

    @Test func aSessionWithoutBarsIsRecordedEmpty() async throws {
        try await Self.withBench { bench in
            // Saturday 2024-01-06: no session, so IB answers "HMDS query returned no data".
            let saturday = ChunkRow(
                id: "saturday",
                contract: Self.aapl,
                barSize: .oneHour,
                whatToShow: "TRADES",
                useRTH: true,
                endDateTime: "20240106 21:00:00 UTC",
                duration: .days(1),
                windowStart: 1_704_488_400,
                windowEnd: 1_704_574_800
            )
            let claimed = try await bench.claim(saturday)
            #expect(await bench.runner.run(claimed) == .empty)
            #expect(try await bench.row("saturday").state == "empty")
        }
    }

    @Test func anUnknownSymbolIsDeadAtOnceWithIBsCode() async throws {
        try await Self.withBench { bench in
            let nosuch = Contract(symbol: "NOSUCH", secType: .stock, exchange: "SMART", currency: "USD")
            let claimed = try await bench.claim(Self.friday(nosuch, id: "nosuch"))
            #expect(await bench.runner.run(claimed) == .dead)
            let row = try await bench.row("nosuch")
            #expect(row.state == "dead" && row.attempts == 1 && row.code == 200, "\(row)")
            #expect(try await bench.queue.stats().dead == 1)
        }
    }

    @Test func aRowIBWouldRefuseIsDeadWithoutAskingIB() async throws {
        try await Self.withBench { bench in
            let claimed = try await bench.claim(Self.friday())
            // Written by something other than the planner: a bar size IB does not offer.
            try await bench.database.query("UPDATE chunks SET bar_size = '7 mins' WHERE id = 'friday'")
            #expect(await bench.runner.run(claimed) == .dead)
            #expect(bench.requestsSeen == 0)
            let row = try #require(
                try await bench.database.query("SELECT state, last_error_text FROM chunks WHERE id = 'friday'")
                    .singleRow()
            )
            #expect(try row.decode(String.self, "state") == "dead")
            #expect(try row.decode(String.self, "last_error_text").contains("bar size '7 mins'"))
        }
    }

    @Test func transientErrorsSpendAnAttemptAndPacingRefusalsAndFarmOutagesDoNot() async throws {
        var faults = SimulatorFaults()
        faults.errorForSymbol = ["MSFT": 165, "NVDA": 322, "AMZN": 2105]
        try await Self.withBench(faults: faults) { bench in
            let msft = Contract(symbol: "MSFT", secType: .stock, exchange: "SMART", currency: "USD")
            let nvda = Contract(symbol: "NVDA", secType: .stock, exchange: "SMART", currency: "USD")
            // 165, an HMDS disconnect: the request may work next time, at the cost of an attempt.
            let msftChunk = try await bench.claim(Self.friday(msft, id: "msft"))
            #expect(await bench.runner.run(msftChunk) == .retrying)
            let retrying = try await bench.row("msft")
            #expect(retrying.state == "retrying" && retrying.attempts == 1 && retrying.code == 165, "\(retrying)")
            // 322, too many open requests: the gateway's load, not the chunk's fault; no attempt spent.
            let nvdaChunk = try await bench.claim(Self.friday(nvda, id: "nvda"))
            #expect(await bench.runner.run(nvdaChunk) == .requeued)
            let requeued = try await bench.row("nvda")
            #expect(requeued.state == "queued" && requeued.attempts == 0, "\(requeued)")
            // 2105, the HMDS farm down: the gateway's outage, handed straight back (ready again, no attempt).
            let amzn = Contract(symbol: "AMZN", secType: .stock, exchange: "SMART", currency: "USD")
            let amznChunk = try await bench.claim(Self.friday(amzn, id: "amzn"))
            #expect(await bench.runner.run(amznChunk) == .requeued)
            let outage = try await bench.row("amzn")
            #expect(outage.state == "queued" && outage.attempts == 0, "\(outage)")
            let stats = try await bench.queue.stats()
            #expect(stats.delayed == 2 && stats.ready == 1, "\(stats)")
        }
    }
}
