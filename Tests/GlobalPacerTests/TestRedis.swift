import BackfillTestSupport
import Foundation
import GlobalPacer
import RedisKit

/// Throwaway key spaces on the shared Redis (``TestServers`` says where it is and whether the suites run).
enum TestRedis {
    /// Settings for a test: exact windows (no margin) and the defaults otherwise, changed by `change`.
    static func settings(_ change: (inout PacerConfiguration) -> Void = { _ in }) -> PacerConfiguration {
        var configuration = PacerConfiguration()
        configuration.windowMargin = .zero
        change(&configuration)
        return configuration
    }

    /// Runs `body` with a pacer under a fresh prefix (`test:<uuid>:`) and deletes every key under that prefix
    /// afterwards, whether `body` throws or not. Never `FLUSHALL`: the server may be shared.
    static func withPacer<Result: Sendable>(
        _ settings: PacerConfiguration = settings(),
        gateway: String = "127.0.0.1:4002",
        _ body: (GlobalPacer) async throws -> Result
    ) async throws -> Result {
        var configuration = settings
        configuration.prefix = "test:\(UUID().uuidString.lowercased()):"
        return try await RedisConnection.withConnection(configuration: try TestServers.redisConfiguration()) {
            connection in
            let pacer = try GlobalPacer(connection: connection, gateway: gateway, configuration: configuration)
            do {
                let result = try await body(pacer)
                try await deleteKeys(prefix: configuration.prefix, connection)
                return result
            } catch {
                try? await deleteKeys(prefix: configuration.prefix, connection)
                throw error
            }
        }
    }

    /// Every key under `prefix` (tests only: `KEYS` scans the whole keyspace).
    static func keys(prefix: String, _ connection: RedisConnection) async throws -> [String] {
        try await connection.send("KEYS", prefix + "*").array?.compactMap(\.string) ?? []
    }

    private static func deleteKeys(prefix: String, _ connection: RedisConnection) async throws {
        let keys = try await keys(prefix: prefix, connection)
        if !keys.isEmpty { try await connection.send(RedisCommand("DEL", arguments: keys)) }
    }
}
