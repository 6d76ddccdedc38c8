import Foundation
import RedisKit
import WorkQueue

/// The Redis these tests use, named by `REDIS_URL`.
///
/// Locally, suites that need Redis are skipped visibly when `REDIS_URL` is unset (`.enabled(if:)`). When `CI` is
/// set they are always enabled, and a missing URL fails them, so CI never goes green on tests that did not run.
enum TestRedis {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// True under CI, where a missing server is a failure.
    static var isCI: Bool {
        environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false
    }

    /// Whether the Redis suites run: a URL is set, or CI demands them.
    static var isEnabled: Bool { environment["REDIS_URL"] != nil || isCI }

    /// Where Redis is; throws when `REDIS_URL` is unset (reached only under CI, where that must fail).
    static func configuration() throws -> RedisConfiguration {
        guard let url = environment["REDIS_URL"] else {
            throw TestSetupError("REDIS_URL is not set, and CI requires the Redis tests to run.")
        }
        return try RedisConfiguration(url: url)
    }

    /// Runs `body` with a queue under a fresh prefix (`test:<uuid>:`) and deletes the queue's keys afterwards,
    /// whether `body` throws or not. Never `FLUSHALL`: the server may be shared.
    static func withQueue<Result: Sendable>(
        _ settings: WorkQueue.Configuration = WorkQueue.Configuration(),
        _ body: (WorkQueue) async throws -> Result
    ) async throws -> Result {
        var configuration = settings
        configuration.prefix = "test:\(UUID().uuidString.lowercased()):"
        return try await RedisConnection.withConnection(configuration: try Self.configuration()) { connection in
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

    /// The server's clock, as the scripts read it.
    static func time(_ connection: RedisConnection) async throws -> RedisTime {
        let parts = try await connection.send("TIME").array ?? []
        guard parts.count == 2, let seconds = parts[0].integer, let micros = parts[1].integer else {
            throw TestSetupError("TIME answered \(parts).")
        }
        return seconds * 1000 + micros / 1000
    }
}

/// A test could not be set up.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// Whole milliseconds, rounded down, to compare with server times.
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
