#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where and how to connect to PostgreSQL, from a `DATABASE_URL` (`postgresql://user:password@host:port/db?…`).
///
/// The URL goes to libpq unchanged, so every libpq URI parameter works (`sslmode`, `options`, …).
/// ``description`` shows it with the password replaced by `***`.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The URL as given; holds the password, so never print it.
    public let url: String
    /// The password in the URL, kept so that error text can be scrubbed of it.
    let password: String?
    private let redacted: String
    let endpoint: String
    /// How long connecting may take, unless the URL sets `connect_timeout` itself.
    public var connectTimeoutSeconds = 10
    /// The `application_name` shown in `pg_stat_activity`, unless the URL sets one.
    public var applicationName = "backfill"
    /// The server's `statement_timeout` for this connection: a statement running longer fails with SQLSTATE 57014
    /// instead of holding its caller (and its locks) forever. Nil keeps the server's setting (none by default).
    public var statementTimeout: Duration?

    /// Checks the URL's shape; connecting happens later.
    ///
    /// - Throws: ``PostgresError`` `.invalidConfiguration`, with a message that never repeats the password.
    public init(url: String) throws(PostgresError) {
        let trimmed = url.trimming(where: \.isWhitespace)
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(),
            scheme == "postgresql" || scheme == "postgres"
        else {
            throw PostgresError(
                .invalidConfiguration,
                "DATABASE_URL is not a postgresql:// URL (expected postgresql://user:password@host:port/database)."
            )
        }
        // URLComponents reads "postgres://@@@/:" as a user named "@@": an unescaped '@' in the user or password, or a
        // user with no host after it, is a malformed URL, not a connection to try.
        let afterScheme = trimmed.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        let authority = afterScheme.count > 2 ? afterScheme[2].prefix { $0 != "?" } : ""
        guard authority.filter({ $0 == "@" }).count <= 1,
            !authority.contains("@") || !(components.host ?? "").isEmpty
        else {
            throw PostgresError(
                .invalidConfiguration,
                "DATABASE_URL is malformed: the part before the host holds more than one '@' or no host follows it (write '@' in a user name or password as %40)."
            )
        }
        self.url = trimmed
        self.password = components.password.flatMap { $0.isEmpty ? nil : $0 }
        var shown = components
        if components.percentEncodedPassword != nil { shown.percentEncodedPassword = "***" }
        if let items = shown.queryItems {
            shown.queryItems = items.map { item in
                item.name.lowercased() == "password" ? URLQueryItem(name: item.name, value: "***") : item
            }
        }
        self.redacted = shown.string ?? "postgresql://(unprintable URL)"
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        self.endpoint = "\(host):\(components.port ?? 5432)"
    }

    public var description: String { redacted }

    /// Replaces every occurrence of the password in `text` (libpq does not echo it; this is a safety net).
    ///
    /// Passwords shorter than four characters are left alone: replacing every "a" in a message would garble it,
    /// and such a password could not be told apart from ordinary text anyway.
    func scrub(_ text: String) -> String {
        guard let password, password.count >= 4 else { return text }
        return text.replacing(password, with: "***")
    }
}
