import GatewaySimulator
import MarketCalendar
import PQKit
import TWSProtocol
import Testing

/// One bar as compared between Postgres and the simulator's generator.
struct BarKey: Hashable, CustomStringConvertible {
    var symbol: String
    var barSize: String
    var start: Int64
    var open: String
    var high: String
    var low: String
    var close: String
    var volume: String

    var description: String { "\(symbol) \(barSize) @\(start) \(open)/\(high)/\(low)/\(close) v\(volume)" }
}

enum ExpectedBars {
    /// What the simulator's generator produces for every chunk recorded in Postgres (done or not), merged by bar
    /// start: exactly what a correct fleet must have stored.
    static func forChunks(
        in database: PostgresConnection,
        universe: InstrumentUniverse,
        symbols: Set<String>
    ) async throws
        -> Set<BarKey>
    {
        let rows = try await database.query(
            """
            SELECT i.symbol, i.sec_type, i.currency, i.local_symbol, c.bar_size, c.what_to_show, c.use_rth,
                   extract(epoch FROM c.window_start)::bigint AS window_start,
                   extract(epoch FROM c.window_end)::bigint AS window_end
            FROM chunks c JOIN instruments i ON i.id = c.instrument_id
            WHERE c.bar_size <> 'ticks'
            """
        ).rows
        var bars: [String: BarKey] = [:]
        for row in rows {
            let symbol = try row.decode(String.self, "symbol")
            guard symbols.contains(symbol) else { continue }
            let instrument = try #require(
                universe.lookup(
                    symbol: symbol,
                    secType: try row.decode(String.self, "sec_type"),
                    currency: try row.decode(String.self, "currency"),
                    localSymbol: try row.decode(String.self, "local_symbol")
                ).first
            )
            let barSize = try #require(BarSizeSetting(ibName: try row.decode(String.self, "bar_size")))
            let whatToShow = try #require(SimulatedWhatToShow(rawValue: try row.decode(String.self, "what_to_show")))
            for bar in BarGenerator().bars(
                instrument: instrument,
                barSize: barSize,
                whatToShow: whatToShow,
                useRTH: try row.decode(Bool.self, "use_rth"),
                from: try row.decode(Int64.self, "window_start"),
                to: try row.decode(Int64.self, "window_end")
            ) {
                // Daily bars travel as yyyyMMdd and are stored as 00:00 UTC of that date (DESIGN invariant 8).
                let start = barSize.isDaily ? CivilDate(utcEpochSeconds: bar.start).utcMidnight : bar.start
                let key = BarKey(
                    symbol: symbol,
                    barSize: barSize.ibName,
                    start: start,
                    open: bar.open,
                    high: bar.high,
                    low: bar.low,
                    close: bar.close,
                    volume: bar.volume
                )
                bars["\(symbol)|\(barSize.ibName)|\(start)"] = key
            }
        }
        return Set(bars.values)
    }

    /// Every bar stored, and how many rows there are (a duplicate would make them differ).
    static func stored(in database: PostgresConnection) async throws -> (bars: Set<BarKey>, rows: Int) {
        let rows = try await database.query(
            """
            SELECT i.symbol, b.bar_size, extract(epoch FROM b.bar_start)::bigint AS start,
                   b.open::text AS open, b.high::text AS high, b.low::text AS low, b.close::text AS close,
                   coalesce(b.volume::text, '-1') AS volume
            FROM bars b JOIN instruments i ON i.id = b.instrument_id
            """
        ).rows
        let bars = try rows.map { row in
            BarKey(
                symbol: try row.decode(String.self, "symbol"),
                barSize: try row.decode(String.self, "bar_size"),
                start: try row.decode(Int64.self, "start"),
                open: try row.decode(String.self, "open"),
                high: try row.decode(String.self, "high"),
                low: try row.decode(String.self, "low"),
                close: try row.decode(String.self, "close"),
                volume: try row.decode(String.self, "volume")
            )
        }
        return (Set(bars), rows.count)
    }
}
