#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where and how to connect to Redis, parsed from a `REDIS_URL`.
///
/// Accepted forms:
/// - `redis://[[user]:password@]host[:port][/db]` (port 6379 and database 0 by default);
/// - `unix:///path/to/redis.sock[?db=N&password=…]`, or just an absolute socket path.
///
/// ``description`` prints the URL with the password replaced by `***`, so a configuration can be logged.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    /// The ACL user for `AUTH user password`; nil means `AUTH password` (the default user).
    public var username: String?
    public var password: String?
    public var database: Int
    /// How long connecting may take.
    public var connectTimeout: Duration = .seconds(5)
    /// How long one reply may take before the connection is considered broken. Blocking commands add their
    /// own timeout to this.
    public var commandTimeout: Duration = .seconds(30)
    /// Sent with `CLIENT SETNAME` so `CLIENT LIST` shows who is connected.
    public var clientName: String?

    public init(endpoint: Endpoint, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses a `REDIS_URL`.
    ///
    /// - Throws: ``RedisError`` with code `.invalidConfiguration` and a message that never repeats the password.
    public init(url: String) throws(RedisError) {
        let trimmed = url.trimming(where: \.isWhitespace)
        if trimmed.hasPrefix("/") {
            self.init(endpoint: .unixSocket(path: trimmed))
            return
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw RedisError(.invalidConfiguration, "REDIS_URL is not a valid URL (expected redis://host:port/db).")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.password ?? query["password"]
        switch scheme {
        case "redis":
            guard let host = components.host, !host.isEmpty else {
                throw RedisError(.invalidConfiguration, "REDIS_URL has no host (expected redis://host:port/db).")
            }
            let port = components.port ?? 6379
            guard (1...65535).contains(port) else {
                throw RedisError(.invalidConfiguration, "REDIS_URL has port \(port), outside 1-65535.")
            }
            let path = components.path.trimming(where: { $0 == "/" })
            let database = try Self.parseDatabase(path.isEmpty ? query["db"] : path)
            self.init(endpoint: .tcp(host: host, port: port), username: user, password: password, database: database)
        case "unix":
            guard !components.path.isEmpty else {
                throw RedisError(.invalidConfiguration, "REDIS_URL unix:// needs a socket path.")
            }
            let database = try Self.parseDatabase(query["db"])
            self.init(
                endpoint: .unixSocket(path: components.path),
                username: user,
                password: password,
                database: database
            )
        case "rediss":
            throw RedisError(
                .invalidConfiguration,
                "REDIS_URL uses rediss:// (TLS), which this build does not support."
            )
        default:
            throw RedisError(.invalidConfiguration, "REDIS_URL has scheme '\(scheme)'; expected redis:// or unix://.")
        }
    }

    private static func parseDatabase(_ text: String?) throws(RedisError) -> Int {
        guard let text, !text.isEmpty else { return 0 }
        guard let value = Int(text), value >= 0 else {
            throw RedisError(.invalidConfiguration, "REDIS_URL database '\(text)' is not a non-negative number.")
        }
        return value
    }

    /// The URL with any password replaced by `***`.
    public var description: String {
        let auth: String
        switch (username, password) {
        case (nil, nil): auth = ""
        case (let user?, nil): auth = "\(user)@"
        case (let user, _?): auth = "\(user ?? ""):***@"
        }
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "redis://\(auth)\(shownHost):\(port)/\(database)"
        case .unixSocket(let path):
            return "unix://\(auth)\(path)?db=\(database)"
        }
    }

    /// The endpoint alone, for error messages.
    var endpointDescription: String {
        switch endpoint {
        case .tcp(let host, let port): "\(host):\(port)"
        case .unixSocket(let path): path
        }
    }
}
