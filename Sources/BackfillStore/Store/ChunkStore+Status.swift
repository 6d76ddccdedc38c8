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
        /// Ticks stored by this backfill's pages (tick backfills).
        public var ticks: Int64
        /// Session chains of a tick backfill, and how many of them have fetched their last page.
        public var tickChains: Int
        public var tickChainsFinished: Int
        /// Chunks finished in the last ten minutes, for the rate and ETA.
        public var finishedRecently: Int
        /// Seconds since the earliest start of any of its chunks; nil while none has started.
        public var activeSeconds: Double?

        /// A progress record from its counts (for tests, and for views built from another source).
        public init(
            id: String,
            name: String? = nil,
            state: String = "active",
            priority: Int = 0,
            total: Int,
            done: Int = 0,
            empty: Int = 0,
            dead: Int = 0,
            retrying: Int = 0,
            cancelled: Int = 0,
            bars: Int64 = 0,
            ticks: Int64 = 0,
            tickChains: Int = 0,
            tickChainsFinished: Int = 0,
            finishedRecently: Int = 0,
            activeSeconds: Double? = nil
        ) {
            self.id = id
            self.name = name
            self.state = state
            self.priority = priority
            self.total = total
            self.done = done
            self.empty = empty
            self.dead = dead
            self.retrying = retrying
            self.cancelled = cancelled
            self.bars = bars
            self.ticks = ticks
            self.tickChains = tickChains
            self.tickChainsFinished = tickChainsFinished
            self.finishedRecently = finishedRecently
            self.activeSeconds = activeSeconds
        }

        /// The span `finishedRecently` was counted over: the last ten minutes, or less when work began more
        /// recently (at least a minute, so the first chunk or two do not promise an absurd rate). Over the full ten
        /// minutes, a backfill that started two minutes ago would look five times slower than it is.
        public var rateWindowSeconds: Double { min(600, max(60, activeSeconds ?? 600)) }

        /// Chunks per minute over ``rateWindowSeconds``.
        public var ratePerMinute: Double { Double(finishedRecently) * 60 / rateWindowSeconds }

        /// Seconds until the rest is done at the recent rate: 0 when nothing is left; nil when nothing finished
        /// recently.
        public var etaSeconds: Int? {
            let left = max(0, total - done - empty - dead - cancelled)
            guard left > 0, finishedRecently > 0 else { return left == 0 ? 0 : nil }
            return Int((Double(left) / ratePerMinute * 60).rounded())
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
                   coalesce(sum(c.tick_count), 0) AS ticks,
                   count(DISTINCT c.chain_id) AS chains,
                   count(*) FILTER (WHERE c.chain_id IS NOT NULL AND c.state IN ('done', 'empty')
                                    AND c.next_chunk_id IS NULL) AS chains_finished,
                   count(*) FILTER (WHERE c.finished_at > now() - interval '10 minutes'
                                    AND c.state IN ('done', 'empty')) AS recent,
                   extract(epoch FROM now() - min(c.started_at))::float8 AS active_seconds
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
                ticks: try row.decode(Int64.self, "ticks"),
                tickChains: try row.decode(Int.self, "chains"),
                tickChainsFinished: try row.decode(Int.self, "chains_finished"),
                finishedRecently: try row.decode(Int.self, "recent"),
                activeSeconds: try row.decode(Double?.self, "active_seconds")
            )
        }
    }
}
