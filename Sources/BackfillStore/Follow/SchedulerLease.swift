import PQKit

/// The lease that makes one scheduler among several the active one, kept in PostgreSQL (`scheduler_leases`).
///
/// The holder renews it well inside ``period``; a scheduler that dies stops renewing, and another takes the lease
/// once it has expired, so a standby takes over within one period. Expiry is judged by the database's clock
/// (`now()`), never a scheduler's, so schedulers on machines with skewed clocks still agree; the market clock that
/// tests move is not involved.
public struct SchedulerLease: Sendable {
    /// Who holds a lease and until when.
    public struct Holder: Sendable, Hashable {
        /// The holder's name (host and process id).
        public var holder: String
        /// Database time, UTC epoch seconds.
        public var expiresAt: Double
        /// Whether the lease has expired (by the database's clock when read).
        public var expired: Bool
        /// The holder's delay after a session close, seconds, so `status` and `follow list` tell the runs it will
        /// make.
        public var delay: Int64
    }

    public let database: any PostgresClient
    /// The lease's name: one active scheduler per name.
    public let name: String
    /// This scheduler's name.
    public let holder: String
    /// Seconds a lease lasts unless renewed.
    public let period: Double
    /// The holder's delay after a session close, seconds (recorded with the lease, for `status`).
    public let delay: Int64

    /// Creates a handle on the lease; nothing is acquired yet.
    public init(
        database: any PostgresClient,
        name: String = "scheduler",
        holder: String,
        period: Double,
        delay: Int64 = 600
    ) {
        self.database = database
        self.name = name
        self.holder = holder
        self.period = period
        self.delay = delay
    }

    /// Takes the lease if it is free or expired, or renews it if this scheduler holds it.
    ///
    /// - Returns: Whether this scheduler holds the lease now.
    public func acquireOrRenew() async throws -> Bool {
        try await database.query(
            """
            INSERT INTO scheduler_leases (name, holder, expires_at, delay_seconds)
            VALUES ($1, $2, now() + make_interval(secs => $3), $4)
            ON CONFLICT (name) DO UPDATE
                SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, delay_seconds = EXCLUDED.delay_seconds,
                    acquired_at = CASE WHEN scheduler_leases.holder = EXCLUDED.holder
                                       THEN scheduler_leases.acquired_at ELSE now() END
                WHERE scheduler_leases.holder = EXCLUDED.holder OR scheduler_leases.expires_at <= now()
            RETURNING holder
            """,
            [name, holder, period, delay]
        ).rows.count == 1
    }

    /// Gives the lease up (on a clean shutdown), so a standby need not wait for it to expire.
    public func release() async throws {
        try await database.query("DELETE FROM scheduler_leases WHERE name = $1 AND holder = $2", [name, holder])
    }

    /// Who holds the lease, or `nil` when no scheduler ever took it or the last one released it.
    public func current() async throws -> Holder? {
        guard
            let row = try await database.query(
                """
                SELECT holder, extract(epoch FROM expires_at)::float8 AS expires_at, expires_at <= now() AS expired,
                       delay_seconds
                FROM scheduler_leases WHERE name = $1
                """,
                [name]
            ).singleRow()
        else { return nil }
        return Holder(
            holder: try row.decode(String.self, "holder"),
            expiresAt: try row.decode(Double.self, "expires_at"),
            expired: try row.decode(Bool.self, "expired"),
            delay: try row.decode(Int64.self, "delay_seconds")
        )
    }
}
