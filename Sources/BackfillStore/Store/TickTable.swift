import BarValidation
import ChunkPlanning
import PQKit
import TWSProtocol

/// One tick type's table: how its ticks go through `COPY` into a temporary table and are upserted from there.
///
/// Rows are keyed by (instrument, tick second, position in the second). An upsert sets every value, `chunk_id`
/// and `fetched_at`, so fetching a second again (the next page re-asks for a page's last second) writes the same
/// rows, and fills in whatever a cut page had left out.
struct TickTable {
    let tickType: TickType

    /// The temporary table the ticks are copied into (dropped at commit).
    private var createIncoming: PostgresQuery {
        switch tickType {
        case .trades:
            """
            CREATE TEMPORARY TABLE incoming_ticks (
                seq bigint, tick_time bigint, position integer, price numeric, size numeric, exchange text,
                special_conditions text, past_limit boolean, unreported boolean
            ) ON COMMIT DROP
            """
        case .bidAsk:
            """
            CREATE TEMPORARY TABLE incoming_ticks (
                seq bigint, tick_time bigint, position integer, bid_price numeric, ask_price numeric,
                bid_size numeric, ask_size numeric, bid_past_low boolean, ask_past_high boolean
            ) ON COMMIT DROP
            """
        case .midpoint:
            """
            CREATE TEMPORARY TABLE incoming_ticks (seq bigint, tick_time bigint, position integer, price numeric)
            ON COMMIT DROP
            """
        }
    }

    private var copyIncoming: PostgresQuery {
        switch tickType {
        case .trades:
            """
            COPY incoming_ticks (seq, tick_time, position, price, size, exchange, special_conditions, past_limit,
                                 unreported) FROM STDIN
            """
        case .bidAsk:
            """
            COPY incoming_ticks (seq, tick_time, position, bid_price, ask_price, bid_size, ask_size, bid_past_low,
                                 ask_past_high) FROM STDIN
            """
        case .midpoint:
            "COPY incoming_ticks (seq, tick_time, position, price) FROM STDIN"
        }
    }

    /// DISTINCT ON keeps one row per key (the last sent): an upsert may touch each key only once.
    private var upsertIncoming: PostgresQuery {
        switch tickType {
        case .trades:
            """
            INSERT INTO trade_ticks (instrument_id, tick_time, position, price, size, exchange, special_conditions,
                                     past_limit, unreported, chunk_id, fetched_at)
            SELECT DISTINCT ON (tick_time, position)
                   $1, to_timestamp(tick_time), position, price, size, exchange, special_conditions, past_limit,
                   unreported, $2, now()
            FROM incoming_ticks
            ORDER BY tick_time, position, seq DESC
            ON CONFLICT (instrument_id, tick_time, position) DO UPDATE
                SET price = EXCLUDED.price, size = EXCLUDED.size, exchange = EXCLUDED.exchange,
                    special_conditions = EXCLUDED.special_conditions, past_limit = EXCLUDED.past_limit,
                    unreported = EXCLUDED.unreported, chunk_id = EXCLUDED.chunk_id, fetched_at = EXCLUDED.fetched_at
            RETURNING (xmax = 0) AS inserted
            """
        case .bidAsk:
            """
            INSERT INTO bid_ask_ticks (instrument_id, tick_time, position, bid_price, ask_price, bid_size, ask_size,
                                       bid_past_low, ask_past_high, chunk_id, fetched_at)
            SELECT DISTINCT ON (tick_time, position)
                   $1, to_timestamp(tick_time), position, bid_price, ask_price, bid_size, ask_size, bid_past_low,
                   ask_past_high, $2, now()
            FROM incoming_ticks
            ORDER BY tick_time, position, seq DESC
            ON CONFLICT (instrument_id, tick_time, position) DO UPDATE
                SET bid_price = EXCLUDED.bid_price, ask_price = EXCLUDED.ask_price, bid_size = EXCLUDED.bid_size,
                    ask_size = EXCLUDED.ask_size, bid_past_low = EXCLUDED.bid_past_low,
                    ask_past_high = EXCLUDED.ask_past_high, chunk_id = EXCLUDED.chunk_id,
                    fetched_at = EXCLUDED.fetched_at
            RETURNING (xmax = 0) AS inserted
            """
        case .midpoint:
            """
            INSERT INTO midpoint_ticks (instrument_id, tick_time, position, price, chunk_id, fetched_at)
            SELECT DISTINCT ON (tick_time, position) $1, to_timestamp(tick_time), position, price, $2, now()
            FROM incoming_ticks
            ORDER BY tick_time, position, seq DESC
            ON CONFLICT (instrument_id, tick_time, position) DO UPDATE
                SET price = EXCLUDED.price, chunk_id = EXCLUDED.chunk_id, fetched_at = EXCLUDED.fetched_at
            RETURNING (xmax = 0) AS inserted
            """
        }
    }

    /// `COPY` into a temporary table (numeric columns refuse text that is not a number before anything reaches the
    /// table), then one upsert. Runs inside the caller's transaction.
    ///
    /// - Returns: How many of the ticks were new (not stored by an earlier page or run).
    func upsert(
        _ ticks: [StoredTick],
        into database: isolated PostgresConnection,
        instrumentID: Int64,
        chunkID: String
    ) throws -> Int {
        try database.executeScript(createIncoming)
        _ = try database.copyFrom(copyIncoming) { writer in
            for (index, stored) in ticks.enumerated() {
                let tick = stored.tick
                writer.appendField(Int64(index))
                writer.appendField(tick.time)
                writer.appendField(Int64(stored.position))
                switch tickType {
                case .trades:
                    try writer.appendField(tick.price)
                    try writer.appendField(tick.size)
                    try writer.appendField(tick.exchange)
                    try writer.appendField(tick.specialConditions)
                    try writer.appendField(tick.mask & 1 != 0 ? "t" : "f")
                    try writer.appendField(tick.mask & 2 != 0 ? "t" : "f")
                case .bidAsk:
                    // IN 97's mask: bit 0 is askPastHigh, bit 1 bidPastLow (ib-protocol.md §2.2).
                    try writer.appendField(tick.price)
                    try writer.appendField(tick.askPrice)
                    try writer.appendField(tick.size)
                    try writer.appendField(tick.askSize)
                    try writer.appendField(tick.mask & 2 != 0 ? "t" : "f")
                    try writer.appendField(tick.mask & 1 != 0 ? "t" : "f")
                case .midpoint:
                    try writer.appendField(tick.price)
                }
                try writer.endRow()
            }
        }
        // `xmax = 0` is true for a row this statement inserted, false for one it updated.
        let rows = try database.query(upsertIncoming, [instrumentID, chunkID]).rows
        return try rows.filter { try $0.decode(Bool.self, "inserted") }.count
    }
}
