import BackfillTestSupport
import RedisKit
import Testing

/// Tests that stop, restart or reconfigure a server run against a private `redis-server` of their own.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct RedisServerLifecycleTests {
    @Test func reconnectsAfterTheServerRestarts() async throws {
        try await RedisServerProcess.with { server in
            let redis = try await RedisConnection.connect(configuration: server.configuration)
            try await redis.send("SET", "before", "1")
            let script = RedisScript(name: "one", source: "return 1")
            #expect(try await redis.evaluate(script) == .integer(1))

            await server.stop()
            await #expect {
                try await redis.send("PING")
            } throws: { error in
                (error as? RedisError)?.isConnectionFatal == true
            }
            #expect(await redis.isConnected == false)
            try await server.start()

            // The next command reconnects by itself.
            #expect(try await redis.send("PING") == .status("PONG"))
            // The restarted server kept no scripts; NOSCRIPT is answered by a reload.
            #expect(try await redis.evaluate(script) == .integer(1))
            await redis.close()
        }
    }

    @Test func failsClearlyWhileTheServerIsDownThenRecovers() async throws {
        try await RedisServerProcess.with { server in
            let redis = RedisConnection(configuration: server.configuration)
            #expect(try await redis.send("PING") == .status("PONG"))
            await server.stop()
            _ = try? await redis.send("PING")
            await #expect {
                try await redis.send("PING")
            } throws: { error in
                let error = error as? RedisError
                return error?.code == .connectionFailed
                    && error?.description.contains("127.0.0.1:\(server.port)") == true
            }
            try await server.start()
            #expect(try await redis.send("PING") == .status("PONG"))
            await redis.close()
        }
    }

    @Test func authenticatesAndSelectsTheDatabase() async throws {
        try await RedisServerProcess.with(extraArguments: ["--requirepass", "s3cret-pw"]) { server in
            var configuration = server.configuration
            configuration.password = "s3cret-pw"
            configuration.database = 5
            let redis = try await RedisConnection.connect(configuration: configuration)
            try await redis.send("SET", "where", "db5")
            let info = try await redis.send("CLIENT", "INFO").string ?? ""
            #expect(info.contains("db=5"))
            await redis.close()

            // The same key is not in database 0.
            configuration.database = 0
            let other = try await RedisConnection.connect(configuration: configuration)
            #expect(try await other.send("GET", "where").isNull)
            await other.close()
        }
    }

    @Test func aWrongPasswordFailsToConnectWithoutShowingIt() async throws {
        try await RedisServerProcess.with(extraArguments: ["--requirepass", "right-pw"]) { server in
            var configuration = server.configuration
            configuration.password = "wrong-pw-123"
            await #expect {
                _ = try await RedisConnection.connect(configuration: configuration)
            } throws: { error in
                guard let error = error as? RedisError else { return false }
                let text = "\(error) \(String(reflecting: error))"
                return error.code == .connectionFailed && error.serverPrefix == "WRONGPASS"
                    && !text.contains("wrong-pw-123")
            }
        }
    }

    @Test func closedConnectionsRefuseCommands() async throws {
        let redis = try await RedisConnection.connect(configuration: try TestServers.redisConfiguration())
        await redis.close()
        await #expect {
            try await redis.send("PING")
        } throws: { error in
            (error as? RedisError)?.code == .closed
        }
    }
}

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct RedisUnixSocketTests {
    @Test func connectsOverAUnixSocketURL() async throws {
        let socket = "/tmp/backfill-test-\(UInt32.random(in: 0...UInt32.max)).sock"
        try await RedisServerProcess.with(extraArguments: ["--unixsocket", socket, "--unixsocketperm", "700"]) { _ in
            let configuration = try RedisConfiguration(url: "unix://\(socket)?db=2")
            let redis = try await RedisConnection.connect(configuration: configuration)
            #expect(try await redis.send("PING") == .status("PONG"))
            let info = try await redis.send("CLIENT", "INFO").string ?? ""
            #expect(info.contains("db=2"))
            await redis.close()
        }
    }
}
