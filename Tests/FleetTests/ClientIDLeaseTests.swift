import BackfillTestSupport
import Fleet
import Foundation
import RedisKit
import Testing

/// Client-id leases in a real Redis: identical replicas never share an id (DESIGN invariant 5).
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct ClientIDLeaseTests {
    static func withPool(
        ids: [Int],
        ttl: Duration = .seconds(30),
        _ body: (ClientIDLease.Pool, RedisConnection) async throws -> Void
    ) async throws {
        let base = "test:\(UUID().uuidString.lowercased()):{bf}:"
        try await RedisConnection.withConnection(configuration: try TestServers.redisConfiguration()) { redis in
            let pool = ClientIDLease.Pool(connection: redis, keyBase: base, gateway: "gw:4002", ids: ids, ttl: ttl)
            defer {
                Task { try? await redis.send("DEL", base + "clientids:gw:4002", base + "clientid-owners:gw:4002") }
            }
            try await body(pool, redis)
        }
    }

    @Test func eachOwnerGetsItsOwnIdUntilThePoolRunsOut() async throws {
        try await Self.withPool(ids: [7, 8, 9]) { pool, _ in
            let a = try #require(try await pool.acquire(owner: "a"))
            let b = try #require(try await pool.acquire(owner: "b"))
            let c = try #require(try await pool.acquire(owner: "c"))
            #expect([a.clientID, b.clientID, c.clientID] == [Int]([7, 8, 9]))
            let exhausted = try await pool.acquire(owner: "d")
            #expect(exhausted == nil)
            let released = try await pool.release(b)
            #expect(released)
            let freed = try await pool.acquire(owner: "d")
            #expect(freed?.clientID == 8)
            let holders = try await pool.holders()
            #expect(holders == [7: "a", 8: "d", 9: "c"])
        }
    }

    @Test func excludedIdsAreSkipped() async throws {
        try await Self.withPool(ids: [1, 2, 3]) { pool, _ in
            let first = try await pool.acquire(owner: "a", excluding: [1, 2])
            let second = try await pool.acquire(owner: "b", excluding: [3])
            #expect(first?.clientID == 3)
            #expect(second?.clientID == 1)
        }
    }

    @Test func onlyTheOwnerRenewsOrReleases() async throws {
        try await Self.withPool(ids: [1]) { pool, _ in
            let lease = try #require(try await pool.acquire(owner: "a"))
            let impostor = ClientIDLease(clientID: 1, owner: "b")
            let renewed = try await pool.renew(lease)
            let impostorRenewed = try await pool.renew(impostor)
            let impostorReleased = try await pool.release(impostor)
            let taken = try await pool.acquire(owner: "b")
            #expect(renewed)
            #expect(!impostorRenewed)
            #expect(!impostorReleased)
            #expect(taken == nil)
        }
    }

    @Test func anExpiredLeaseIsTakenOverAndItsOwnerLearnsOnRenewal() async throws {
        try await Self.withPool(ids: [1], ttl: .seconds(60)) { pool, redis in
            // The killed worker leased with a short TTL; the replacement with a long one, so a slow machine cannot
            // let the replacement's lease run out before the checks.
            let short = ClientIDLease.Pool(
                connection: redis,
                keyBase: pool.keyBase,
                gateway: pool.gateway,
                ids: pool.ids,
                ttl: .milliseconds(300)
            )
            let first = try #require(try await short.acquire(owner: "killed"))
            try await Task.sleep(for: .seconds(1))
            let second = try #require(try await pool.acquire(owner: "replacement"))
            let renewed = try await short.renew(first)
            let released = try await short.release(first)
            let holders = try await pool.holders()
            #expect(second.clientID == first.clientID)
            #expect(!renewed)
            #expect(!released)
            #expect(holders == [1: "replacement"])
        }
    }

    @Test func concurrentReplicasNeverShareAnId() async throws {
        let base = "test:\(UUID().uuidString.lowercased()):{bf}:"
        let configuration = try TestServers.redisConfiguration()
        let leases = try await withThrowingTaskGroup(of: [Int].self) { group in
            for replica in 0..<6 {
                group.addTask {
                    try await RedisConnection.withConnection(configuration: configuration) { redis in
                        let pool = ClientIDLease.Pool(
                            connection: redis,
                            keyBase: base,
                            gateway: "gw",
                            ids: Array(1...10),
                            ttl: .seconds(30)
                        )
                        var got: [Int] = []
                        for attempt in 0..<4 {
                            if let lease = try await pool.acquire(owner: "replica-\(replica)-\(attempt)") {
                                got.append(lease.clientID)
                            }
                        }
                        return got
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(leases.count == 10)
        #expect(Set(leases) == Set(1...10))
        try await RedisConnection.withConnection(configuration: configuration) { redis in
            _ = try await redis.send("DEL", base + "clientids:gw", base + "clientid-owners:gw")
        }
    }
}
