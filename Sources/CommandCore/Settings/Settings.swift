import MarketCalendar
import PQKit
import RedisKit

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Backfill's connection settings, resolved from flags, then the environment, then `.env`.
///
/// ``description`` is safe to print: passwords in the URLs are replaced by `***`.
public struct Settings: Sendable, CustomStringConvertible {
    public static let defaultRedisURL = "redis://127.0.0.1:6379/0"
    public static let defaultDatabaseURL = "postgresql://backfill@127.0.0.1:5432/backfill"
    public static let defaultGatewayHost = "127.0.0.1"
    /// IB Gateway's paper-trading port, the safest default.
    public static let defaultGatewayPort = 4002
    public static let defaultClientIDPool = "1-32"
    public static let defaultKeyPrefix = "backfill:"
    public static let defaultHashTag = "bf"

    public var redis: RedisConfiguration
    public var database: PostgresConfiguration
    public var gatewayHost: String
    public var gatewayPort: Int
    public var clientIDPool: ClientIDPool
    /// Put in front of every Redis key (`BACKFILL_KEY_PREFIX`), so two deployments can share one Redis.
    public var keyPrefix: String
    /// The hash tag every Redis key carries (`BACKFILL_HASH_TAG`), so each script runs on Redis Cluster.
    public var hashTag: String
    /// Worker and pacer tuning (`BACKFILL_CONCURRENCY`, `BACKFILL_PACING_SCALE`, …).
    public var tuning: FleetTuning
    /// Market time for planning and scheduling: the system clock, or for tests the file named by
    /// `BACKFILL_TEST_CLOCK_FILE` (the simulator's `--clock-file`).
    public var clock: MarketClock

    /// Reads and checks every setting.
    ///
    /// - Throws: ``ConfigurationError`` for the first setting that is malformed, without repeating secrets.
    public init(sources: SettingSources) throws(ConfigurationError) {
        do {
            redis = try RedisConfiguration(url: sources.value("REDIS_URL") ?? Self.defaultRedisURL)
        } catch {
            throw ConfigurationError(setting: "REDIS_URL", error.message)
        }
        do {
            database = try PostgresConfiguration(url: sources.value("DATABASE_URL") ?? Self.defaultDatabaseURL)
        } catch {
            throw ConfigurationError(setting: "DATABASE_URL", error.message)
        }
        gatewayHost = sources.value("IBKR_HOST") ?? Self.defaultGatewayHost
        let portText = sources.value("IBKR_PORT") ?? String(Self.defaultGatewayPort)
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ConfigurationError(setting: "IBKR_PORT", "IBKR_PORT '\(portText)' is not a port number (1-65535).")
        }
        gatewayPort = port
        clientIDPool = try ClientIDPool(parsing: sources.value("IBKR_CLIENT_ID_POOL") ?? Self.defaultClientIDPool)
        keyPrefix = sources.value("BACKFILL_KEY_PREFIX") ?? Self.defaultKeyPrefix
        // Redis Cluster hashes the first {…} of a key, so the prefix must not open one and the tag must be plain.
        guard !keyPrefix.contains("{"), !keyPrefix.contains("}") else {
            throw ConfigurationError(
                setting: "BACKFILL_KEY_PREFIX",
                "BACKFILL_KEY_PREFIX '\(keyPrefix)' must not contain braces: the hash tag must be the first {…} of a key."
            )
        }
        hashTag = sources.value("BACKFILL_HASH_TAG") ?? Self.defaultHashTag
        guard !hashTag.isEmpty, !hashTag.contains("{"), !hashTag.contains("}") else {
            throw ConfigurationError(
                setting: "BACKFILL_HASH_TAG",
                "BACKFILL_HASH_TAG '\(hashTag)' must be non-empty and contain no braces."
            )
        }
        tuning = try FleetTuning(sources: sources)
        clock = MarketClock(testClockFile: sources.value("BACKFILL_TEST_CLOCK_FILE"))
    }

    /// Market time for displays (`status`, the dashboard): ``now()``, or the system clock should a test clock file
    /// that read at start no longer read; a listing is still shown.
    public var marketTime: Int64 {
        (try? now()) ?? Int64(Date().timeIntervalSince1970)
    }

    /// Market time now, UTC epoch seconds.
    ///
    /// - Throws: ``ConfigurationError`` when the test clock file cannot be read.
    public func now() throws(ConfigurationError) -> Int64 {
        do {
            return try clock.now()
        } catch {
            throw ConfigurationError(setting: "BACKFILL_TEST_CLOCK_FILE", error.description)
        }
    }

    public var description: String {
        """
        REDIS_URL=\(redis)
        DATABASE_URL=\(database)
        IBKR_HOST=\(gatewayHost)
        IBKR_PORT=\(gatewayPort)
        IBKR_CLIENT_ID_POOL=\(clientIDPool)
        BACKFILL_KEY_PREFIX=\(keyPrefix)
        BACKFILL_HASH_TAG=\(hashTag)
        """
    }
}
