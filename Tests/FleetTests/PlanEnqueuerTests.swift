import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import PQKit
import RedisKit
import TWSProtocol
import Testing
import WorkQueue

@testable import Fleet

/// `PlanEnqueuer` in this process against real PostgreSQL and Redis, with blocks of a few chunks so every test
/// crosses block boundaries.
@Suite(
    .serialized,
    .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
)
struct PlanEnqueuerTests {
    static let backfill = BackfillRecord(
        id: "bf-enqueuer",
        barSize: "1 min",
        whatToShow: "TRADES",
        useRTH: true,
        rangeStart: 1_704_067_200,
        rangeEnd: 1_706_745_600
    )

    /// January 2024 of 1-minute AAPL, MSFT and IBM bars: a chunk per week and contract.
    static func chunks() throws -> [PlannedChunk] {
        let request = PlanRequest(
            contracts: ["AAPL", "MSFT", "IBM"].map {
                Contract(symbol: $0, secType: .stock, exchange: "SMART", currency: "USD")
            },
            from: backfill.rangeStart,
            to: backfill.rangeEnd,
            barSize: .oneMinute,
            useRTH: true
        )
        return try Planner().plan(request, now: 1_710_000_000).chunks
    }

    static func withServices(
        _ body: (ChunkStore, WorkQueue, RedisServerProcess) async throws -> Void
    ) async throws {
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                    _ = try await Migrator().migrate(database)
                    let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                    do {
                        try await body(ChunkStore(database: database), try WorkQueue(connection: redis), redisServer)
                    } catch {
                        await redis.close()
                        throw error
                    }
                    await redis.close()
                }
            }
        }
    }

    @Test func everyChunkIsRecordedQueuedAndPushedOnceBlockByBlock() async throws {
        let chunks = try Self.chunks()
        try #require(chunks.count > 6)
        try await Self.withServices { store, queue, _ in
            var enqueuer = PlanEnqueuer(store: store, queue: queue)
            enqueuer.blockSize = 4
            let first = try await enqueuer.enqueue(Self.backfill, chunks: chunks, priority: 3)
            #expect(first == PlanEnqueuer.Outcome(backfillCreated: true, newChunks: chunks.count, queued: chunks.count))
            #expect(try await store.stateCounts(backfillID: Self.backfill.id) == [.queued: chunks.count])
            let count = try await store.database.query(
                "SELECT chunk_count FROM backfills WHERE id = $1",
                Self.backfill.id
            ).singleRow()?.decode(Int.self, "chunk_count")
            #expect(count == chunks.count)
            #expect(try await queue.stats().ready == chunks.count)

            // The same plan again adds nothing anywhere.
            let again = try await enqueuer.enqueue(Self.backfill, chunks: chunks, priority: 3)
            #expect(again == PlanEnqueuer.Outcome(backfillCreated: false, newChunks: 0, queued: 0))
            #expect(try await queue.stats().ready == chunks.count)
        }
    }

    @Test func anEmptyPlanStillRecordsTheBackfill() async throws {
        try await Self.withServices { store, queue, _ in
            let outcome = try await PlanEnqueuer(store: store, queue: queue).enqueue(Self.backfill, chunks: [])
            #expect(outcome == PlanEnqueuer.Outcome(backfillCreated: true, newChunks: 0, queued: 0))
            let rows = try await store.database.query("SELECT id FROM backfills").rows
            #expect(rows.count == 1)
        }
    }

    @Test func whenRedisIsGoneEveryBlockIsStillRecordedAndResumeCanQueueIt() async throws {
        let chunks = try Self.chunks()
        try await Self.withServices { store, queue, redisServer async throws in
            await redisServer.stop()
            var enqueuer = PlanEnqueuer(store: store, queue: queue)
            enqueuer.blockSize = 4
            await #expect(throws: PlanEnqueuer.PushFailure.self) {
                try await enqueuer.enqueue(Self.backfill, chunks: chunks)
            }
            #expect(try await store.stateCounts(backfillID: Self.backfill.id) == [.queued: chunks.count])
            #expect(try await store.unfinishedChunks(backfillID: Self.backfill.id).count == chunks.count)
        }
    }
}
