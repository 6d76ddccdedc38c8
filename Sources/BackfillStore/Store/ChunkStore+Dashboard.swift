import PQKit

extension ChunkStore {
    /// A dead chunk as the dashboard lists it: IB's answer, attempts and the request.
    public struct DeadChunkRow: Sendable, Hashable {
        public var id: String
        public var backfillID: String
        public var symbol: String
        public var request: String
        public var attempts: Int
        public var errorCode: Int?
        public var errorText: String?
        /// When it died (database time, UTC epoch seconds).
        public var diedAt: Int64
    }

    /// Chunks finished in one minute: how many, and their bars.
    public struct MinuteThroughput: Sendable, Hashable {
        /// The minute's start, UTC epoch seconds.
        public var minute: Int64
        public var chunks: Int
        public var bars: Int64

        public init(minute: Int64, chunks: Int, bars: Int64) {
            (self.minute, self.chunks, self.bars) = (minute, chunks, bars)
        }
    }

    /// One instrument's share of a backfill.
    public struct InstrumentProgress: Sendable, Hashable {
        public var symbol: String
        public var total: Int
        public var finished: Int
        public var dead: Int
        public var bars: Int64
    }

    /// A chunk's latest error, for a backfill's page.
    public struct ChunkErrorRow: Sendable, Hashable {
        public var id: String
        public var state: String
        public var attempts: Int
        public var errorCode: Int?
        public var errorText: String
        public var updatedAt: Int64
    }

    /// The newest dead chunks, all backfills or one.
    public func deadChunks(backfillID: String? = nil, limit: Int = 200) async throws -> [DeadChunkRow] {
        try await database.query(
            """
            SELECT c.id, c.backfill_id, i.symbol, c.bar_size, c.what_to_show, c.use_rth, c.end_date_time, c.duration,
                   c.attempts, c.last_error_code, c.last_error_text,
                   floor(extract(epoch FROM c.updated_at))::bigint AS died_at
            FROM chunks c JOIN instruments i ON i.id = c.instrument_id
            WHERE c.state = 'dead' AND ($1::text IS NULL OR c.backfill_id = $1)
            ORDER BY c.updated_at DESC
            LIMIT $2
            """,
            [backfillID, limit]
        ).rows.map { row in
            let end = try row.decode(String.self, "end_date_time")
            let request =
                "\(try row.decode(String.self, "bar_size")) \(try row.decode(String.self, "what_to_show"))"
                + (try row.decode(Bool.self, "use_rth") ? " RTH" : "") + " end=\(end.isEmpty ? "now" : end) "
                + (try row.decode(String.self, "duration"))
            return DeadChunkRow(
                id: try row.decode(String.self, "id"),
                backfillID: try row.decode(String.self, "backfill_id"),
                symbol: try row.decode(String.self, "symbol"),
                request: request,
                attempts: try row.decode(Int.self, "attempts"),
                errorCode: try row.decode(Int?.self, "last_error_code"),
                errorText: try row.decode(String?.self, "last_error_text"),
                diedAt: try row.decode(Int64.self, "died_at")
            )
        }
    }

    /// Chunks and bars finished per minute over the last `minutes` minutes, oldest first (minutes without any
    /// are left out).
    public func throughput(minutes: Int) async throws -> [MinuteThroughput] {
        try await database.query(
            """
            SELECT floor(extract(epoch FROM date_trunc('minute', finished_at)))::bigint AS minute, count(*) AS chunks,
                   coalesce(sum(bar_count), 0)::bigint AS bars
            FROM chunks
            WHERE finished_at > now() - make_interval(mins => $1) AND state IN ('done', 'empty')
            GROUP BY 1 ORDER BY 1
            """,
            [minutes]
        ).rows.map {
            MinuteThroughput(
                minute: try $0.decode(Int64.self, "minute"),
                chunks: try $0.decode(Int.self, "chunks"),
                bars: try $0.decode(Int64.self, "bars")
            )
        }
    }

    /// A backfill's progress per instrument.
    public func instrumentProgress(backfillID: String) async throws -> [InstrumentProgress] {
        try await database.query(
            """
            SELECT i.symbol, count(*) AS total, count(*) FILTER (WHERE c.state IN ('done', 'empty')) AS finished,
                   count(*) FILTER (WHERE c.state = 'dead') AS dead, coalesce(sum(c.bar_count), 0)::bigint AS bars
            FROM chunks c JOIN instruments i ON i.id = c.instrument_id
            WHERE c.backfill_id = $1 AND c.state <> 'split'
            GROUP BY i.symbol ORDER BY i.symbol
            """,
            [backfillID]
        ).rows.map {
            InstrumentProgress(
                symbol: try $0.decode(String.self, "symbol"),
                total: try $0.decode(Int.self, "total"),
                finished: try $0.decode(Int.self, "finished"),
                dead: try $0.decode(Int.self, "dead"),
                bars: try $0.decode(Int64.self, "bars")
            )
        }
    }

    /// A backfill's chunks by state.
    public func chunkStates(backfillID: String) async throws -> [String: Int] {
        var states: [String: Int] = [:]
        for row in try await database.query(
            "SELECT state, count(*) AS n FROM chunks WHERE backfill_id = $1 GROUP BY state",
            [backfillID]
        ).rows {
            states[try row.decode(String.self, "state")] = try row.decode(Int.self, "n")
        }
        return states
    }

    /// A backfill's latest chunk errors, newest first.
    public func latestErrors(backfillID: String, limit: Int = 20) async throws -> [ChunkErrorRow] {
        try await database.query(
            """
            SELECT id, state, attempts, last_error_code, last_error_text,
                   floor(extract(epoch FROM updated_at))::bigint AS updated_at
            FROM chunks
            WHERE backfill_id = $1 AND last_error_text IS NOT NULL
            ORDER BY updated_at DESC LIMIT $2
            """,
            [backfillID, limit]
        ).rows.map {
            ChunkErrorRow(
                id: try $0.decode(String.self, "id"),
                state: try $0.decode(String.self, "state"),
                attempts: try $0.decode(Int.self, "attempts"),
                errorCode: try $0.decode(Int?.self, "last_error_code"),
                errorText: try $0.decode(String.self, "last_error_text"),
                updatedAt: try $0.decode(Int64.self, "updated_at")
            )
        }
    }

    /// Chunks whose last error was IB's 162 (a pacing violation, or IB's "no data" text) in the last hour.
    public func recentPacingViolations() async throws -> Int {
        try await database.query(
            """
            SELECT count(*) AS n FROM chunks
            WHERE last_error_code = 162 AND last_error_text ILIKE '%pacing%' AND updated_at > now() - interval '1 hour'
            """
        ).singleRow()?.decode(Int.self, "n") ?? 0
    }
}
