import ChunkPlanning
import PQKit
import TWSProtocol

/// Backfills, chunks and instruments in PostgreSQL, the system of record (DESIGN invariant 1).
///
/// Writing is idempotent: recording the same backfill or chunk again changes nothing, because ids are derived
/// from the request. Chunk state mirrors every queue transition so Redis can be rebuilt from here
/// (``unfinishedChunks(backfillID:)`` is what `backfill resume` re-enqueues).
public struct ChunkStore: Sendable {
    public let database: any PostgresClient

    public init(database: any PostgresClient) {
        self.database = database
    }

    /// The `instruments` row of each contract, created when missing.
    public func instrumentIDs(for contracts: [Contract]) async throws -> [Contract: Int64] {
        var ids: [Contract: Int64] = [:]
        for contract in Set(contracts) {
            // DO UPDATE (not DO NOTHING) so RETURNING also yields the id of an existing row.
            let row = try await database.query(
                """
                INSERT INTO instruments (symbol, sec_type, exchange, primary_exchange, currency, last_trade_date,
                                         multiplier, local_symbol, trading_class, include_expired, con_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULLIF($11::bigint, 0))
                ON CONFLICT ON CONSTRAINT instruments_contract DO UPDATE
                    SET con_id = COALESCE(EXCLUDED.con_id, instruments.con_id),
                        include_expired = instruments.include_expired OR EXCLUDED.include_expired
                RETURNING id
                """,
                [
                    contract.symbol, contract.secType.rawValue, contract.exchange, contract.primaryExchange,
                    contract.currency, contract.lastTradeDateOrContractMonth, contract.multiplier,
                    contract.localSymbol, contract.tradingClass, contract.includeExpired, contract.conId,
                ]
            ).singleRow()
            ids[contract] = try row?.decode(Int64.self, "id")
        }
        return ids
    }

    /// What ``record(_:chunks:)`` did.
    public struct Recorded: Sendable, Equatable {
        /// False when the backfill already existed (the same request was enqueued before).
        public var backfillCreated: Bool
        /// Chunks written now; chunks that already existed (from this or another backfill) are left alone.
        public var newChunkIDs: [String]
    }

    /// Writes a backfill and its chunks in one transaction: chunks go through `COPY` into a temporary table and
    /// are inserted with `ON CONFLICT DO NOTHING`, so a repeated enqueue creates nothing new.
    public func record(_ backfill: BackfillRecord, chunks: [ChunkRow]) async throws -> Recorded {
        try await record(backfill, newChunks: chunks.map(NewChunk.init))
    }

    /// Writes a tick backfill and the first pages of its chains, like ``record(_:chunks:)``.
    public func record(_ backfill: BackfillRecord, tickPages: [TickPage]) async throws -> Recorded {
        try await record(backfill, newChunks: tickPages.map(NewChunk.init))
    }

    /// A chunk row to insert, of either kind, as the `chunks` columns hold it.
    private struct NewChunk {
        var id: String
        var contract: Contract
        var barSize: String
        var whatToShow: String
        var useRTH: Bool
        var endDateTime: String
        var duration: String
        var windowStart: Int64
        var windowEnd: Int64
        var chainID: String?
        var pageIndex: Int?

        init(_ row: ChunkRow) {
            (id, contract, barSize, whatToShow, useRTH) =
                (row.id, row.contract, row.barSize.ibName, row.whatToShow, row.useRTH)
            (endDateTime, duration, windowStart, windowEnd) =
                (row.endDateTime, row.duration.text, row.windowStart, row.windowEnd)
        }

        init(_ page: TickPage) {
            (id, contract, barSize, whatToShow, useRTH) =
                (page.id.rawValue, page.contract, ChunkStore.tickPageBarSize, page.tickType.rawValue, page.useRTH)
            (endDateTime, duration, windowStart, windowEnd) = ("", "", page.start, page.sessionEnd)
            (chainID, pageIndex) = (page.chainID.rawValue, page.pageIndex)
        }
    }

    private func record(_ backfill: BackfillRecord, newChunks chunks: [NewChunk]) async throws -> Recorded {
        let written = try await record(
            backfill,
            contracts: Set(chunks.map(\.contract)),
            state: .pending,
            returningIDs: true
        ) { writer, instrumentIDs in
            for chunk in chunks {
                try writer.appendChunk(
                    id: chunk.id,
                    instrumentID: instrumentIDs[chunk.contract] ?? 0,
                    barSize: chunk.barSize,
                    whatToShow: chunk.whatToShow,
                    useRTH: chunk.useRTH,
                    endDateTime: chunk.endDateTime,
                    duration: chunk.duration,
                    windowStart: chunk.windowStart,
                    windowEnd: chunk.windowEnd,
                    chainID: chunk.chainID,
                    pageIndex: chunk.pageIndex
                )
            }
        }
        return Recorded(backfillCreated: written.backfillCreated, newChunkIDs: written.insertedIDs)
    }

    /// What one ``record(_:contracts:state:returningIDs:rows:)`` transaction wrote.
    struct WrittenChunks: Sendable {
        var backfillCreated: Bool
        /// Rows the caller wrote.
        var incoming: Int
        /// Rows new to `chunks`; the rest existed already (from this or another backfill).
        var inserted: Int
        /// The ids of the new rows, when asked for.
        var insertedIDs: [String]
    }

    /// Writes a backfill and chunk rows in one transaction: `rows` writes the chunks for `COPY` into a temporary
    /// table (with the instrument ids of `contracts`), and they are inserted with `ON CONFLICT DO NOTHING`, so a
    /// repeated enqueue creates nothing new.
    ///
    /// New rows get `state`. With `.queued` (the caller pushes every chunk to Redis as soon as this commits), rows
    /// that existed already and are not finished or cancelled are marked queued as well, as
    /// ``markQueued(_:)`` would after the push; nothing is pushed yet, so a crash before the push leaves queued
    /// chunks that `backfill resume` finds. `returningIDs` reads the new rows' ids back, one row each; without
    /// it only their number comes back, which is what half a million chunks can afford.
    func record(
        _ backfill: BackfillRecord,
        contracts: Set<Contract>,
        state: ChunkState,
        returningIDs: Bool,
        rows: @escaping @Sendable (inout PostgresCopyWriter, [Contract: Int64]) throws -> Void
    ) async throws -> WrittenChunks {
        let instrumentIDs = try await instrumentIDs(for: Array(contracts))
        return try await database.withTransaction { database in
            let created =
                try database.query(
                    """
                    INSERT INTO backfills (id, name, bar_size, what_to_show, use_rth, range_start, range_end, priority)
                    VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint), to_timestamp($7::bigint), $8)
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """,
                    [
                        backfill.id, backfill.name, backfill.barSize, backfill.whatToShow, backfill.useRTH,
                        backfill.rangeStart, backfill.rangeEnd, backfill.priority,
                    ]
                ).rows.count == 1
            try database.executeScript(
                """
                CREATE TEMPORARY TABLE incoming_chunks (
                    id text, instrument_id bigint, bar_size text, what_to_show text, use_rth boolean,
                    end_date_time text, duration text, window_start bigint, window_end bigint, chain_id text,
                    page_index integer
                ) ON COMMIT DROP
                """
            )
            let incoming = try database.copyFrom(
                """
                COPY incoming_chunks (id, instrument_id, bar_size, what_to_show, use_rth, end_date_time, duration,
                                      window_start, window_end, chain_id, page_index) FROM STDIN
                """
            ) { writer in
                try rows(&writer, instrumentIDs)
            }
            // `queued_at` is set with the state, as markQueued sets it; `now()` is the transaction's start, which
            // is how the update below tells this statement's rows from older ones.
            let insertedCount: Int
            var insertedIDs: [String] = []
            if !returningIDs, let fresh = try Self.insertIfAllNew(into: database, backfillID: backfill.id, state: state)
            {
                insertedCount = fresh
            } else {
                // Some chunks may exist already (a repeated enqueue, or another backfill's): row by row.
                let inserted = try database.query(
                    """
                    INSERT INTO chunks (id, backfill_id, instrument_id, bar_size, what_to_show, use_rth, end_time,
                                        end_date_time, duration, window_start, window_end, chain_id, page_index, state,
                                        queued_at)
                    SELECT id, $1, instrument_id, bar_size, what_to_show, use_rth, to_timestamp(window_end),
                           end_date_time, duration, to_timestamp(window_start), to_timestamp(window_end), chain_id,
                           page_index, $2::text, CASE WHEN $2::text = 'queued' THEN now() END
                    FROM incoming_chunks
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """,
                    [backfill.id, state.rawValue]
                )
                insertedCount = inserted.rows.count
                if returningIDs { insertedIDs = try inserted.rows.map { try $0.decode(String.self, "id") } }
            }
            if state == .queued, insertedCount < incoming {
                try database.query(
                    """
                    UPDATE chunks c SET state = 'queued', queued_at = now(), updated_at = now()
                    FROM incoming_chunks i
                    WHERE c.id = i.id AND c.state NOT IN ('done', 'empty', 'cancelled', 'split')
                      AND NOT (c.state = 'queued' AND c.queued_at = now())
                    """
                )
            }
            try database.query(
                """
                INSERT INTO backfill_instruments (backfill_id, instrument_id)
                SELECT DISTINCT $1, instrument_id FROM incoming_chunks
                ON CONFLICT DO NOTHING
                """,
                backfill.id
            )
            if state == .queued {
                // Recorded a block at a time (PlanEnqueuer): counting the backfill's rows again after every block
                // would read them all once per block. The rows new here are exactly the ones the count lacks.
                try database.query(
                    "UPDATE backfills SET chunk_count = chunk_count + $2, updated_at = now() WHERE id = $1",
                    [backfill.id, insertedCount]
                )
            } else {
                try database.query(
                    """
                    UPDATE backfills
                    SET chunk_count = (SELECT count(*) FROM chunks WHERE backfill_id = $1 AND state <> 'split'),
                        updated_at = now()
                    WHERE id = $1
                    """,
                    backfill.id
                )
            }
            return WrittenChunks(
                backfillCreated: created,
                incoming: incoming,
                inserted: insertedCount,
                insertedIDs: insertedIDs
            )
        }
    }

    /// Which chunks ``coveredRanges(contract:barSize:whatToShow:useRTH:including:)`` counts.
    public enum Coverage: Sendable {
        /// Fetched: done or empty (what `enqueue` does not plan again).
        case finished
        /// Planned in any state but cancelled, queued and dead included (what the scheduler does not plan again).
        case planned
    }

    /// The windows of one series' chunks, sorted: those already fetched by default, for incremental planning.
    public func coveredRanges(
        contract: Contract,
        barSize: String,
        whatToShow: String,
        useRTH: Bool,
        including coverage: Coverage = .finished
    ) async throws -> [Range<Int64>] {
        // Read-only: an instrument never recorded has nothing covered.
        guard let instrumentID = try await existingInstrumentIDs(for: [contract])[contract] else { return [] }
        let parameters: [any PostgresBindable] = [instrumentID, barSize, whatToShow, useRTH]
        // Two literal statements rather than a state parameter, so the finished case keeps its partial index.
        let rows: [PostgresRow]
        switch coverage {
        case .finished:
            rows = try await database.query(
                """
                SELECT extract(epoch FROM window_start)::bigint AS start, extract(epoch FROM window_end)::bigint AS "end"
                FROM chunks
                WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3 AND use_rth = $4
                  AND state IN ('done', 'empty')
                ORDER BY window_start
                """,
                parameters
            ).rows
        case .planned:
            rows = try await database.query(
                """
                SELECT extract(epoch FROM window_start)::bigint AS start, extract(epoch FROM window_end)::bigint AS "end"
                FROM chunks
                WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3 AND use_rth = $4
                  AND state NOT IN ('cancelled', 'split')
                ORDER BY window_start
                """,
                parameters
            ).rows
        }
        return try rows.map { try $0.decode(Int64.self, "start")..<$0.decode(Int64.self, "end") }
    }
}
