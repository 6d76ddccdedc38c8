import BackfillTestSupport
import Foundation
import PQKit
import RedisKit
import Testing

extension PostgresConnection {
    /// The thread this actor's methods run on.
    fileprivate func threadName() -> String { CurrentThread.name }
}

extension RedisConnection {
    /// The thread this actor's methods run on.
    fileprivate func threadName() -> String { CurrentThread.name }
}

/// Each connection's calls run on its own dedicated thread, never on Swift's cooperative pool, where a blocking C
/// call would hold a pool thread (the reason BlockingIO exists).
@Suite(
    .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
)
struct ConnectionThreadTests {
    @Test func aPostgresConnectionRunsOnItsOwnThread() async throws {
        try await TestSchema.with { schema in
            let first = PostgresConnection(configuration: schema.configuration)
            let second = PostgresConnection(configuration: schema.configuration)
            let name = await first.threadName()
            // The OS keeps 15 bytes of a thread's name: "postgres 127.0.".
            #expect(name.hasPrefix("postgres "), "\(name)")
            #expect(await first.threadName() == name)
            // Another connection has a thread of its own (same name, different thread): compare identities.
            let ids = await [first.threadIdentity(), second.threadIdentity()]
            #expect(ids[0] != ids[1])
            await first.close()
            await second.close()
        }
    }

    @Test func aRedisConnectionRunsOnItsOwnThread() async throws {
        let redis = RedisConnection(configuration: try TestServers.redisConfiguration())
        let name = await redis.threadName()
        #expect(name.hasPrefix("redis "), "\(name)")
        await redis.close()
    }
}

extension PostgresConnection {
    fileprivate func threadIdentity() -> UInt { UInt(bitPattern: Unmanaged.passUnretained(Thread.current).toOpaque()) }
}
