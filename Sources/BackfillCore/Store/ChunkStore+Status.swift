import PQKit

extension ChunkStore {
    /// Progress of one backfill, from the record.
    public struct BackfillProgress: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var state: String
        public var priority: Int
        public var total: Int
        public var done: Int
        public var empty: Int
        public var dead: Int
        public var retrying: Int
        public var cancelled: Int
        public var bars: Int64
        /// Chunks finished in the last ten minutes, for the rate and ETA.
        public var finishedRecently: Int

        /// Chunks per minute over the last ten minutes.
        public var ratePerMinute: Double { Double(finishedRecently) / 10 }

        /// Seconds until the rest is done at the recent rate; nil when nothing finished recently.
        public var etaSeconds: Int? {
            let left = total - done - empty - dead - cancelled
            guard left > 0, finishedRecently > 0 else { return left == 0 ? 0 : nil }
            return Int(Double(left) / ratePerMinute * 60)
        }
    }

    /// Every backfill (or one), newest first.
    public func progress(backfillID: String? = nil) async throws -> [BackfillProgress] {
        let rows = try await database.query(
            """
            SELECT b.id, b.name, b.state, b.priority, b.chunk_count,
                   count(*) FILTER (WHERE c.state = 'done') AS done,
                   count(*) FILTER (WHERE c.state = 'empty') AS empty,
                   count(*) FILTER (WHERE c.state = 'dead') AS dead,
                   count(*) FILTER (WHERE c.state = 'retrying') AS retrying,
                   count(*) FILTER (WHERE c.state = 'cancelled') AS cancelled,
                   coalesce(sum(c.bar_count), 0) AS bars,
                   count(*) FILTER (WHERE c.finished_at > now() - interval '10 minutes'
                                    AND c.state IN ('done', 'empty')) AS recent
            FROM backfills b LEFT JOIN chunks c ON c.backfill_id = b.id
            WHERE $1::text IS NULL OR b.id = $1
            GROUP BY b.id
            ORDER BY b.created_at DESC
            """,
            backfillID
        ).rows
        return try rows.map { row in
            BackfillProgress(
                id: try row.decode(String.self, "id"),
                name: try row.decode(String?.self, "name"),
                state: try row.decode(String.self, "state"),
                priority: try row.decode(Int.self, "priority"),
                total: try row.decode(Int.self, "chunk_count"),
                done: try row.decode(Int.self, "done"),
                empty: try row.decode(Int.self, "empty"),
                dead: try row.decode(Int.self, "dead"),
                retrying: try row.decode(Int.self, "retrying"),
                cancelled: try row.decode(Int.self, "cancelled"),
                bars: try row.decode(Int64.self, "bars"),
                finishedRecently: try row.decode(Int.self, "recent")
            )
        }
    }
}
