import Foundation
import GlobalPacer
import RedisKit

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
        return try await RedisConnection.withConnection(configuration: try Self.configuration()) { connection in
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

    /// The server's clock, as the scripts read it (ms).
    static func time(_ connection: RedisConnection) async throws -> Int64 {
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
