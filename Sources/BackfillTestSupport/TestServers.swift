import Foundation
import PQKit
import RedisKit

/// The Redis and PostgreSQL servers that integration tests use, named by `REDIS_URL` and `DATABASE_URL`
/// (Deploy/test.sh starts real ones and sets both).
///
/// Locally, a suite whose server is not configured is skipped visibly (`.enabled(if:)`). When `CI` is set the
/// suites are always enabled and a missing URL fails the test, so CI never goes green on tests that did not run.
public enum TestServers {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// True under CI, where a missing server is a failure.
    public static var isCI: Bool { environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false }

    /// Whether Redis tests should run: a URL is set, or CI demands them.
    public static var redisEnabled: Bool { environment["REDIS_URL"] != nil || isCI }

    /// Whether PostgreSQL tests should run: a URL is set, or CI demands them.
    public static var postgresEnabled: Bool { environment["DATABASE_URL"] != nil || isCI }

    /// Where the shared Redis is.
    ///
    /// - Throws: ``TestSetupError`` when `REDIS_URL` is not set.
    public static func redisConfiguration() throws -> RedisConfiguration {
        guard let url = environment["REDIS_URL"] else {
            throw TestSetupError("REDIS_URL is not set; run the tests with Deploy/test.sh, which starts Redis.")
        }
        return try RedisConfiguration(url: url)
    }

    /// Where the shared PostgreSQL database is.
    ///
    /// - Throws: ``TestSetupError`` when `DATABASE_URL` is not set.
    public static func databaseURL() throws -> String {
        guard let url = environment["DATABASE_URL"] else {
            throw TestSetupError("DATABASE_URL is not set; run the tests with Deploy/test.sh, which starts PostgreSQL.")
        }
        return url
    }
}

/// A test could not be set up (a server or a binary is missing).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
