import BackfillTestSupport
import BlockingIO
import Foundation
import RedisKit
import WorkQueue

/// Throwaway key spaces on the shared Redis (``TestServers`` says where it is and whether the suites run).
enum TestRedis {
    /// Runs `body` with a queue under a fresh prefix (`test:<uuid>:`) and deletes the queue's keys afterwards,
    /// whether `body` throws or not. Never `FLUSHALL`: the server may be shared.
    static func withQueue<Result: Sendable>(
        _ settings: WorkQueue.Configuration = WorkQueue.Configuration(),
        _ body: (WorkQueue) async throws -> Result
    ) async throws -> Result {
        var configuration = settings
        configuration.prefix = "test:\(UUID().uuidString.lowercased()):"
        return try await RedisConnection.withConnection(configuration: try TestServers.redisConfiguration()) {
            connection in
            let queue = try WorkQueue(connection: connection, configuration: configuration)
            do {
                let result = try await body(queue)
                try await deleteKeys(of: queue)
                return result
            } catch {
                try? await deleteKeys(of: queue)
                throw error
            }
        }
    }

    /// The default configuration with some settings changed, for ``withQueue(_:_:)``.
    static func settings(_ change: (inout WorkQueue.Configuration) -> Void) -> WorkQueue.Configuration {
        var configuration = WorkQueue.Configuration()
        change(&configuration)
        return configuration
    }

    private static func deleteKeys(of queue: WorkQueue) async throws {
        try await queue.connection.send(RedisCommand("DEL", arguments: queue.keys.all))
        // Nothing else should carry the prefix; check rather than assume.
        let leftovers = try await queue.connection.send("KEYS", queue.keys.base + "*").array ?? []
        if !leftovers.isEmpty {
            throw TestSetupError("The queue left keys outside its layout: \(leftovers.compactMap(\.string)).")
        }
    }
}
