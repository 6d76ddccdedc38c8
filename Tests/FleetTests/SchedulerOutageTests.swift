import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import Fleet
import Foundation
import Logging
import MarketCalendar
import PQKit
import RedisKit
import TWSProtocol
import Testing
import WorkQueue

/// The scheduler in process, against real PostgreSQL and a private Redis that goes away mid-run.
@Suite(
    .serialized,
    .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
)
struct SchedulerOutageTests {
    static let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")

    @Test func aRunWhoseRedisIsDownLosesNothingAndTheNextPassQueuesIt() async throws {
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                    _ = try await Migrator().migrate(database)
                    let clockFile = FileManager.default.temporaryDirectory.appendingPathComponent("clock-\(UUID())")
                        .path
                    defer { try? FileManager.default.removeItem(atPath: clockFile) }
                    // Tuesday 2024-03-12 21:00 UTC: NYSE closed an hour ago.
                    #expect(MarketClock.write(1_710_277_200, toTestClockFile: clockFile))
                    let spec = FollowSpec(
                        contract: Self.aapl,
                        symbol: "AAPL",
                        series: .bars(.oneMinute, whatToShow: "TRADES"),
                        useRTH: true,
                        dataFrom: 1_710_201_600
                    )
                    try await FollowStore(database: database).add(spec)
                    let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                    var configuration = SchedulerConfiguration(holder: "test-scheduler")
                    configuration.delay = 600
                    let scheduler = Scheduler(
                        configuration: configuration,
                        database: database,
                        queue: try WorkQueue(connection: redis),
                        clock: MarketClock(testClockFile: clockFile),
                        logger: Logger(label: "test")
                    )

                    await redisServer.stop()
                    #expect(await scheduler.pass().isEmpty)
                    let states = try await database.query("SELECT state FROM chunks").rows.map {
                        try $0.decode(String.self, "state")
                    }
                    #expect(states == ["pending"], "recorded in PostgreSQL, not queued")
                    #expect(try await FollowStore(database: database).all().first?.lastClose == nil)

                    try await redisServer.start()
                    let outcomes = await scheduler.pass()
                    #expect(outcomes.map(\.enqueued) == [1] && outcomes.map(\.queued) == [1])
                    #expect(outcomes.first?.close == 1_710_273_600)
                    let after = try await database.query("SELECT state FROM chunks").rows.map {
                        try $0.decode(String.self, "state")
                    }
                    #expect(after == ["queued"])
                    #expect(try await WorkQueue(connection: redis).stats().ready == 1)
                    #expect(try await FollowStore(database: database).all().first?.lastClose == 1_710_273_600)
                    // Nothing more is due until the next close.
                    #expect(await scheduler.pass().isEmpty)
                    #expect(scheduler.snapshot.active && scheduler.snapshot.runs == 1)
                    await redis.close()
                }
            }
        }
    }
}
