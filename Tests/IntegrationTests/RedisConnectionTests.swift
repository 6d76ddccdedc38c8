import BackfillTestSupport
import RedisKit
import Testing

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct RedisConnectionTests {
    let keys = TestKeys()

    private func withRedis<Result: Sendable>(_ body: (RedisConnection) async throws -> Result) async throws -> Result {
        try await RedisConnection.withConnection(configuration: try TestServers.redisConfiguration()) { redis in
            do {
                let result = try await body(redis)
                try await cleanUp(redis)
                return result
            } catch {
                try? await cleanUp(redis)
                throw error
            }
        }
    }

    private func cleanUp(_ redis: RedisConnection) async throws {
        let found = try await redis.send("KEYS", keys.prefix + "*").array ?? []
        let names = found.compactMap(\.bytes)
        if !names.isEmpty { try await redis.send(RedisCommand("DEL", arguments: names)) }
    }

    @Test func binaryValuesWithNULBytesRoundTrip() async throws {
        try await withRedis { redis in
            let key = Array(keys.key("bin\u{0}ary").utf8)
            let value: [UInt8] = [0, 0, 1, 0, 255, 13, 10, 0] + Array("$-1\r\n*3\r\n".utf8) + [0]
            try await redis.send("SET", key, value)
            #expect(try await redis.send("GET", key) == .bulkString(value))
            #expect(try await redis.send("STRLEN", key) == .integer(Int64(value.count)))
            // The key with the NUL is distinct from its prefix before the NUL.
            #expect(try await redis.send("EXISTS", keys.key("bin")) == .integer(0))
        }
    }

    @Test func largeValuesRoundTrip() async throws {
        try await withRedis { redis in
            var value = [UInt8](repeating: 0, count: 16 * 1024 * 1024)
            for index in value.indices { value[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
            try await redis.send("SET", keys.key("large"), value)
            let reply = try await redis.send("GET", keys.key("large"))
            #expect(reply.bytes?.count == value.count)
            #expect(reply.bytes == value)
        }
    }

    @Test func pipelinesTenThousandCommands() async throws {
        try await withRedis { redis in
            let counter = keys.key("counter")
            let commands = (0..<10_000).map { _ in RedisCommand("INCR", counter) }
            let replies = try await redis.pipeline(commands)
            #expect(replies.count == 10_000)
            #expect(replies.map(\.integer) == (1...10_000).map { Int64($0) })
            #expect(try await redis.send("GET", counter).integer == 10_000)
        }
    }

    @Test func errorRepliesKeepThePrefixAndTheConnection() async throws {
        try await withRedis { redis in
            try await redis.send("RPUSH", keys.key("list"), "a")
            await #expect {
                try await redis.send("INCR", keys.key("list"))
            } throws: { error in
                let error = error as? RedisError
                return error?.code == .server && error?.serverPrefix == "WRONGTYPE"
            }
            await #expect {
                try await redis.send("NOT-A-COMMAND")
            } throws: { error in
                (error as? RedisError)?.serverPrefix == "ERR"
            }
            // Still usable, without a reconnect.
            #expect(try await redis.send("PING") == .status("PONG"))
            #expect(await redis.isConnected)
        }
    }

    @Test func pipelineErrorsComeBackInPlace() async throws {
        try await withRedis { redis in
            let replies = try await redis.pipeline([
                RedisCommand("SET", keys.key("s"), "x"),
                RedisCommand("INCR", keys.key("s")),
                RedisCommand("GET", keys.key("s")),
            ])
            #expect(replies[0] == .status("OK"))
            #expect(replies[1].error?.serverPrefix == "ERR")
            #expect(replies[2] == .bulkString(Array("x".utf8)))
        }
    }

    @Test func scriptsReloadAfterScriptFlush() async throws {
        try await withRedis { redis in
            let script = RedisScript(
                name: "add",
                source: "return redis.call('INCRBY', KEYS[1], ARGV[1]) -- \(keys.prefix)"
            )
            #expect(try await redis.evaluate(script, keys: [keys.key("n")], arguments: [5]) == .integer(5))
            try await redis.send("SCRIPT", "FLUSH")
            #expect(try await redis.evaluate(script, keys: [keys.key("n")], arguments: [2]) == .integer(7))
            // The reload really happened: the server knows the script again.
            let sha = try await redis.send("SCRIPT", "LOAD", script.source)
            let exists = try await redis.send("SCRIPT", "EXISTS", try #require(sha.string))
            #expect(exists == .array([.integer(1)]))
        }
    }

    @Test func scriptErrorsAreServerErrors() async throws {
        try await withRedis { redis in
            let script = RedisScript(name: "boom", source: "return redis.error_reply('BOOM it failed')")
            await #expect {
                try await redis.evaluate(script)
            } throws: { error in
                (error as? RedisError)?.serverPrefix == "BOOM"
            }
        }
    }

    @Test func manyTasksShareOneConnectionSafely() async throws {
        try await withRedis { redis in
            let counter = keys.key("shared")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        for _ in 0..<20 { try await redis.send("INCR", counter) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await redis.send("GET", counter).integer == 1_000)
        }
    }
}
