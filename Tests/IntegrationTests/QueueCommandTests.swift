import BackfillStore
import BackfillTestSupport
import Foundation
import PQKit
import RedisKit
import Testing
import WorkQueue

/// `enqueue`, `resume`, `cancel` and `status` as users run them, against a private Redis (so FLUSHALL is
/// allowed) and a throwaway schema.
@Suite(.enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set"))
struct QueueCommandTests {
    static let request = ["--symbols", "AAPL,MSFT", "--from", "2024-01-01", "--to", "2024-03-31", "--bar", "1min"]

    @Test func enqueueIsIdempotentAndResumeRestoresExactlyTheUnfinishedChunks() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                let environment = ["DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0"]
                func run(_ arguments: [String]) async throws -> ProcessResult {
                    let result = try await ProcessResult.run(backfill, arguments, environment: environment)
                    #expect(result.status == 0, "\(arguments.first ?? ""): \(result.standardError)")
                    return result
                }
                _ = try await run(["migrate"])
                let first = try await run(["enqueue"] + Self.request + ["--priority", "3"])
                let backfillID = first.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(backfillID.count == 32)
                // The same request again (symbols in another order) creates nothing new.
                let second = try await run(
                    ["enqueue", "--symbols", "MSFT,AAPL"] + Self.request.dropFirst(2) + ["--priority", "3"]
                )
                #expect(second.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == backfillID)
                #expect(second.standardError.contains("0 new in PostgreSQL, 0 new in the queue"))

                let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                let ready = try await redis.send("ZCARD", "backfill:{bf}:ready").integer ?? 0
                #expect(ready == 26)

                // Two chunks finish, then Redis loses everything.
                let finished = try await PostgresConnection.withConnection(configuration: schema.configuration) {
                    database in
                    let ids = try await database.query("SELECT id FROM chunks ORDER BY id LIMIT 2").rows.map {
                        try $0.decode(String.self, "id")
                    }
                    let store = ChunkStore(database: database)
                    for id in ids { try await store.markFinished(id, state: .done, barCount: 1950) }
                    return ids
                }
                try await redis.send("FLUSHALL")
                let resumed = try await run(["resume"])
                #expect(resumed.standardOutput.contains("24 unfinished chunk(s); 24 were missing"))
                let queued =
                    try await redis.send("ZRANGE", "backfill:{bf}:ready", 0, -1).array?.compactMap(\.string) ?? []
                #expect(queued.count == 24)
                #expect(Set(queued).isDisjoint(with: finished))

                let status = try await run(["status", backfillID, "--json"])
                let object = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
                let backfills = object?["backfills"] as? [[String: Any]]
                #expect(backfills?.first?["done"] as? Int == 2)
                #expect((object?["queue"] as? [String: Any])?["ready"] as? Int == 24)

                let cancelled = try await run(["cancel", backfillID])
                #expect(cancelled.standardOutput.contains("Cancelled 24 chunk(s)"))
                #expect(try await redis.send("ZCARD", "backfill:{bf}:ready").integer == 0)
                await redis.close()
            }
        }
    }

    @Test func keyPrefixAndHashTagComeFromSettings() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                let environment = [
                    "DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0",
                    "BACKFILL_KEY_PREFIX": "desk2:", "BACKFILL_HASH_TAG": "d2",
                ]
                for arguments in [["migrate"], ["enqueue"] + Self.request] {
                    let result = try await ProcessResult.run(backfill, arguments, environment: environment)
                    #expect(result.status == 0, "\(result.standardError)")
                }
                let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                #expect(try await redis.send("ZCARD", "desk2:{d2}:ready").integer == 26)
                let keys = try await redis.send("KEYS", "*").array?.compactMap(\.string) ?? []
                #expect(!keys.isEmpty)
                #expect(keys.allSatisfy { $0.hasPrefix("desk2:{d2}:") }, "\(keys)")
                await redis.close()
            }
        }
    }

    @Test func deadChunksAreListedWithIBsErrorAndRetried() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            try await RedisServerProcess.with { redisServer in
                let environment = ["DATABASE_URL": schema.url, "REDIS_URL": "redis://127.0.0.1:\(redisServer.port)/0"]
                func run(_ arguments: [String]) async throws -> ProcessResult {
                    let result = try await ProcessResult.run(backfill, arguments, environment: environment)
                    #expect(result.status == 0, "\(arguments.first ?? ""): \(result.standardError)")
                    return result
                }
                _ = try await run(["migrate"])
                _ = try await run([
                    "enqueue", "--symbols", "AAPL", "--from", "2024-01-01", "--to", "2024-01-31", "--bar", "1 day",
                ])
                // A worker meets a permanent error (what the worker of the next issue will do).
                let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                let queue = try WorkQueue(connection: redis)
                let claimed = try #require(try await queue.claim(worker: "w1", clientID: 7))
                #expect(
                    try await queue.fail(
                        claimed,
                        as: .permanent,
                        code: 200,
                        message: "No security definition has been found for the request"
                    ) == .dead
                )
                try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                    try await ChunkStore(database: database).markFailed(
                        claimed.id,
                        state: .dead,
                        attempts: 1,
                        errorCode: 200,
                        errorText: "No security definition"
                    )
                }
                let listed = try await run(["dead", "list"])
                #expect(listed.standardOutput.contains("1 dead chunk(s)"))
                #expect(listed.standardOutput.contains(claimed.id))
                #expect(listed.standardOutput.contains("200"))
                let retried = try await run(["retry"])
                #expect(retried.standardOutput.contains("1 dead chunk(s) are back in the queue"))
                #expect(try await queue.claim(worker: "w2", clientID: 8)?.id == claimed.id)
                await redis.close()
            }
        }
    }

    @Test func badPlanInputExitsTwoAndEnqueuesNothing() async throws {
        let result = try await ProcessResult.run(
            try BuiltProducts.backfill(),
            ["enqueue", "--symbols", "AAPL", "--from", "2024-02-01", "--to", "2024-01-01", "--bar", "1min"],
            environment: ["REDIS_URL": "redis://127.0.0.1:1/0", "DATABASE_URL": "postgresql://u@127.0.0.1:1/db"]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("--to (2024-01-01) is before --from (2024-02-01)"))
    }
}
