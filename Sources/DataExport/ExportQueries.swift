import ChunkPlanning
import PQKit

/// The `COPY … TO STDOUT` statements of an export, one per table and format.
///
/// COPY takes no bind parameters, so the values travel as transaction-local settings (`set_config(…, true)`) read
/// with `current_setting`: `backfill.export_instrument`, `…_bar_size`, `…_what`, `…_from`, `…_to` (epoch seconds,
/// `[from, to)`) and `…_epoch` (`on` for epoch seconds, else ISO 8601 in UTC). Prices and sizes are printed as
/// PostgreSQL keeps them (`numeric`, IB's text). JSON lines go through COPY's CSV mode with a quote and a delimiter
/// that JSON never contains unescaped (0x1E, 0x1F), so PostgreSQL writes each object verbatim.
public enum ExportQueries {
    /// The statement for one series and format.
    public static func statement(for series: ExportSeries, format: ExportFormat) -> PostgresQuery {
        switch (series, format) {
        case (.bars, .csv): barsCSV
        case (.bars, .jsonl): barsJSON
        case (.ticks(.trades), .csv): tradesCSV
        case (.ticks(.trades), .jsonl): tradesJSON
        case (.ticks(.bidAsk), .csv): quotesCSV
        case (.ticks(.bidAsk), .jsonl): quotesJSON
        case (.ticks(.midpoint), .csv): midpointsCSV
        case (.ticks(.midpoint), .jsonl): midpointsJSON
        }
    }

    static let barsCSV: PostgresQuery = """
        COPY (
            SELECT CASE WHEN current_setting('backfill.export_epoch') = 'on'
                        THEN extract(epoch FROM bar_start)::bigint::text
                        ELSE to_char(bar_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS time,
                   open, high, low, close, volume, wap, bar_count
            FROM bars
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND bar_size = current_setting('backfill.export_bar_size')
              AND what_to_show = current_setting('backfill.export_what')
              AND bar_start >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND bar_start < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY bar_start
        ) TO STDOUT WITH (FORMAT csv, HEADER true)
        """

    static let barsJSON: PostgresQuery = """
        COPY (
            SELECT json_build_object(
                       'time', CASE WHEN current_setting('backfill.export_epoch') = 'on'
                                    THEN to_json(extract(epoch FROM bar_start)::bigint)
                                    ELSE to_json(to_char(bar_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                               END,
                       'open', open, 'high', high, 'low', low, 'close', close, 'volume', volume, 'wap', wap,
                       'bar_count', bar_count)::text
            FROM bars
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND bar_size = current_setting('backfill.export_bar_size')
              AND what_to_show = current_setting('backfill.export_what')
              AND bar_start >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND bar_start < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY bar_start
        ) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')
        """

    static let tradesCSV: PostgresQuery = """
        COPY (
            SELECT CASE WHEN current_setting('backfill.export_epoch') = 'on'
                        THEN extract(epoch FROM tick_time)::bigint::text
                        ELSE to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS time,
                   position, price, size, exchange, special_conditions, past_limit, unreported
            FROM trade_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, HEADER true)
        """

    static let tradesJSON: PostgresQuery = """
        COPY (
            SELECT json_build_object(
                       'time', CASE WHEN current_setting('backfill.export_epoch') = 'on'
                                    THEN to_json(extract(epoch FROM tick_time)::bigint)
                                    ELSE to_json(to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                               END,
                       'position', position, 'price', price, 'size', size, 'exchange', exchange,
                       'special_conditions', special_conditions, 'past_limit', past_limit,
                       'unreported', unreported)::text
            FROM trade_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')
        """

    static let quotesCSV: PostgresQuery = """
        COPY (
            SELECT CASE WHEN current_setting('backfill.export_epoch') = 'on'
                        THEN extract(epoch FROM tick_time)::bigint::text
                        ELSE to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS time,
                   position, bid_price, ask_price, bid_size, ask_size, bid_past_low, ask_past_high
            FROM bid_ask_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, HEADER true)
        """

    static let quotesJSON: PostgresQuery = """
        COPY (
            SELECT json_build_object(
                       'time', CASE WHEN current_setting('backfill.export_epoch') = 'on'
                                    THEN to_json(extract(epoch FROM tick_time)::bigint)
                                    ELSE to_json(to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                               END,
                       'position', position, 'bid_price', bid_price, 'ask_price', ask_price, 'bid_size', bid_size,
                       'ask_size', ask_size, 'bid_past_low', bid_past_low, 'ask_past_high', ask_past_high)::text
            FROM bid_ask_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')
        """

    static let midpointsCSV: PostgresQuery = """
        COPY (
            SELECT CASE WHEN current_setting('backfill.export_epoch') = 'on'
                        THEN extract(epoch FROM tick_time)::bigint::text
                        ELSE to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS time,
                   position, price
            FROM midpoint_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, HEADER true)
        """

    static let midpointsJSON: PostgresQuery = """
        COPY (
            SELECT json_build_object(
                       'time', CASE WHEN current_setting('backfill.export_epoch') = 'on'
                                    THEN to_json(extract(epoch FROM tick_time)::bigint)
                                    ELSE to_json(to_char(tick_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                               END,
                       'position', position, 'price', price)::text
            FROM midpoint_ticks
            WHERE instrument_id = current_setting('backfill.export_instrument')::bigint
              AND tick_time >= to_timestamp(current_setting('backfill.export_from')::bigint)
              AND tick_time < to_timestamp(current_setting('backfill.export_to')::bigint)
            ORDER BY tick_time, position
        ) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')
        """
}
