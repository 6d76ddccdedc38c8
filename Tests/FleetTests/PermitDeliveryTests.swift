import BackfillTestSupport
import Foundation
import GlobalPacer
import RedisKit
import TWSClient
import Testing

@testable import Fleet

/// What a worker tells the pacer about a permit, including while Redis is away (issue 17, item 3: slots whose
/// release failed during an outage stalled the fleet for their whole lease once Redis was back).
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct PermitDeliveryTests {
    static func pacer(_ connection: RedisConnection) throws -> GlobalPacer {
        var configuration = PacerConfiguration()
        configuration.openRequestLease = .seconds(120)
        return try GlobalPacer(connection: connection, gateway: "gw", configuration: configuration)
    }

    static let request = PacedRequest(
        kind: .historicalData(barSizeSeconds: 5),
        contractKey: "conid:1",
        exchange: "SMART",
        whatToShow: "TRADES",
        identity: "chunk-1"
    )

    @Test func aWrittenRequestIsMarkedSentAndItsSlotFreed() async throws {
        try await RedisServerProcess.with { redis in
            try await RedisConnection.withConnection(configuration: redis.configuration) { connection in
                let pacer = try Self.pacer(connection)
                let permit = try #require(try await pacer.decide(Self.request).permit)
                let delivery = PermitDelivery(pacer: pacer, permit: permit)
                delivery.gate.report(.written)
                #expect(await delivery.finish() == .written)
                let state = try await pacer.state()
                #expect(state.openRequests == 0)
                #expect(state.rollingCount == 1)
                let score = try await connection.send("ZSCORE", pacer.keys.identical, "chunk-1").string
                #expect(score.flatMap(Int64.init).map { $0 < permit.sendDeadline } == true, "still at the deadline")
            }
        }
    }

    @Test func anUnsentRequestGivesEverythingBack() async throws {
        try await RedisServerProcess.with { redis in
            try await RedisConnection.withConnection(configuration: redis.configuration) { connection in
                let pacer = try Self.pacer(connection)
                let permit = try #require(try await pacer.decide(Self.request).permit)
                let delivery = PermitDelivery(pacer: pacer, permit: permit)
                delivery.gate.report(.notSent)
                delivery.gate.report(.written)  // only the first report counts
                #expect(await delivery.finish() == .notSent)
                let state = try await pacer.state()
                #expect(state.openRequests == 0)
                #expect(state.rollingCount == 0)
            }
        }
    }

    @Test func aReleaseThatFailedDuringARedisOutageIsRetriedOnceRedisIsBack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Persistent, as production's Redis is: the permit's slot survives the restart.
        let persistent = ["--appendonly", "yes", "--appendfsync", "always", "--dir", directory.path]
        try await RedisServerProcess.with(extraArguments: persistent) { redis in
            var configuration = redis.configuration
            configuration.connectTimeout = .seconds(1)
            try await RedisConnection.withConnection(configuration: configuration) { connection in
                let pacer = try Self.pacer(connection)
                let permit = try #require(try await pacer.decide(Self.request).permit)
                let delivery = PermitDelivery(pacer: pacer, permit: permit)
                delivery.gate.report(.written)
                await redis.stop()
                // The request is answered while Redis is down: marking and releasing both fail.
                _ = await delivery.finish()
                try await redis.start()
                let restarted = ContinuousClock.now
                var open = -1
                while ContinuousClock.now - restarted < .seconds(20) {
                    open = (try? await pacer.state().openRequests) ?? -1
                    if open == 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                // Freed within seconds of Redis returning, not after the 120 s lease.
                #expect(open == 0)
                #expect(ContinuousClock.now - restarted < .seconds(20))
            }
        }
    }
}
