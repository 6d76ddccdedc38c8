import ChunkPlanning
import PQKit
import TWSProtocol

/// Subscriptions (`backfill follow`) in PostgreSQL, and what the scheduler records of its runs.
///
/// A run's record is written only while the scheduler writing it holds the lease (``SchedulerLease``): a scheduler
/// that lost its lease mid-run cannot move a subscription's `last_close`. The chunks such a run enqueued are
/// harmless either way, since their ids are derived from their requests (DESIGN invariant 2).
public struct FollowStore: Sendable {
    public let database: any PostgresClient

    public init(database: any PostgresClient) {
        self.database = database
    }

    /// Adds a subscription, or updates the one following the same series: its start moves earlier if `spec`
    /// starts earlier (never later: stored data is not forgotten), and its revisit window and priority become
    /// `spec`'s.
    ///
    /// - Returns: Whether the subscription is new.
    @discardableResult
    public func add(_ spec: FollowSpec) async throws -> Bool {
        let instrumentID = try await ChunkStore(database: database).instrumentIDs(for: [spec.contract])[spec.contract]
        let row = try await database.query(
            """
            INSERT INTO follows (id, instrument_id, symbol, bar_size, what_to_show, use_rth, data_from,
                                 revisit_sessions, priority)
            VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint), $8, $9)
            ON CONFLICT (id) DO UPDATE
                SET data_from = least(follows.data_from, EXCLUDED.data_from),
                    revisit_sessions = EXCLUDED.revisit_sessions, priority = EXCLUDED.priority
            RETURNING (xmax = 0) AS created
            """,
            [
                spec.id, instrumentID ?? 0, spec.symbol, spec.series.barSizeText, spec.series.whatToShowText,
                spec.useRTH, spec.dataFrom, spec.revisitSessions, spec.priority,
            ]
        ).singleRow()
        return try row?.decode(Bool.self, "created") ?? false
    }

    /// Every subscription, by symbol and series.
    public func all() async throws -> [FollowRecord] {
        try await records(ids: nil)
    }

    /// The subscriptions with these ids (unknown ids are left out).
    public func records(ids: [String]) async throws -> [FollowRecord] {
        ids.isEmpty ? [] : try await records(ids: Optional(ids))
    }

    /// Deletes subscriptions. Their chunks and bars stay: they are data, and a later `follow add` finds them.
    ///
    /// - Returns: The ids deleted.
    public func remove(ids: [String]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try await database.query(
            "DELETE FROM follows WHERE id = ANY(string_to_array($1, ',')) RETURNING id",
            [ids.joined(separator: ",")]
        ).rows.map {
            try $0.decode(String.self, "id")
        }
    }

    /// Records a run that completed the sessions up to `close`, if `lease` is still held by its holder.
    ///
    /// - Returns: `false` when the lease was lost (nothing is written).
    public func recordRun(_ id: String, close: Int64, enqueued: Int, lease: SchedulerLease) async throws -> Bool {
        try await database.withTransaction { database in
            let updated =
                try database.query(
                    """
                    UPDATE follows SET last_close = to_timestamp($2::bigint), last_run_at = now(), last_enqueued = $3::integer,
                                       total_enqueued = total_enqueued + $3::integer
                    WHERE id = $1 AND EXISTS (
                        SELECT 1 FROM scheduler_leases WHERE name = $4 AND holder = $5 AND expires_at > now())
                    RETURNING id
                    """,
                    [id, close, enqueued, lease.name, lease.holder]
                ).rows.count == 1
            if updated, enqueued > 0 {
                // The follow's backfill grows with every run, so `status` shows its range as it is.
                try database.query(
                    """
                    UPDATE backfills SET range_end = greatest(range_end, to_timestamp($2::bigint)), updated_at = now()
                    WHERE id = $1
                    """,
                    [id, close]
                )
            }
            return updated
        }
    }

    /// Ids are 32 hex digits (never a comma), so a list travels as one comma-joined parameter.
    private func records(ids: [String]?) async throws -> [FollowRecord] {
        let rows = try await database.query(
            """
            SELECT f.id, f.symbol AS follow_symbol, f.bar_size AS follow_bar_size,
                   f.what_to_show AS follow_what_to_show, f.use_rth AS follow_use_rth,
                   extract(epoch FROM f.data_from)::bigint AS data_from, f.revisit_sessions, f.priority,
                   extract(epoch FROM f.last_close)::bigint AS last_close,
                   floor(extract(epoch FROM f.last_run_at))::bigint AS last_run_at, f.last_enqueued,
                   f.total_enqueued,
                   (SELECT coalesce(sum(c.revised_count), 0)::bigint FROM chunks c
                            WHERE c.backfill_id = f.id AND c.revised_count > 0)
                       AS revised,
                   i.symbol, i.sec_type, i.exchange, i.primary_exchange, i.currency, i.last_trade_date,
                   i.multiplier, i.local_symbol, i.trading_class, i.include_expired,
                   coalesce(i.con_id, 0) AS con_id
            FROM follows f JOIN instruments i ON i.id = f.instrument_id
            WHERE $1::text IS NULL OR f.id = ANY(string_to_array($1, ','))
            ORDER BY f.symbol, f.bar_size, f.what_to_show, f.use_rth
            """,
            [ids?.joined(separator: ",")]
        ).rows
        return try rows.map { row in
            let id = try row.decode(String.self, "id")
            let barSize = try row.decode(String.self, "follow_bar_size")
            let whatToShow = try row.decode(String.self, "follow_what_to_show")
            guard let series = FollowSeries(barSize: barSize, whatToShow: whatToShow) else {
                throw PostgresError(.decoding, "Subscription \(id) follows '\(barSize) \(whatToShow)', not a series.")
            }
            let spec = FollowSpec(
                contract: try ChunkStore.contract(from: row),
                symbol: try row.decode(String.self, "follow_symbol"),
                series: series,
                useRTH: try row.decode(Bool.self, "follow_use_rth"),
                dataFrom: try row.decode(Int64.self, "data_from"),
                revisitSessions: try row.decode(Int.self, "revisit_sessions"),
                priority: try row.decode(Int.self, "priority")
            )
            return FollowRecord(
                spec: spec,
                lastClose: try row.decode(Int64?.self, "last_close"),
                lastRunAt: try row.decode(Int64?.self, "last_run_at"),
                lastEnqueued: try row.decode(Int.self, "last_enqueued"),
                totalEnqueued: try row.decode(Int64.self, "total_enqueued"),
                revisedBars: try row.decode(Int64.self, "revised")
            )
        }
    }
}
