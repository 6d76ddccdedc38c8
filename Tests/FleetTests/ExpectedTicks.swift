import GatewaySimulator
import PQKit
import TWSProtocol
import Testing

/// One tick as compared between PostgreSQL and the simulator's generator: its key and every value, as text.
struct TickKey: Hashable, Comparable, CustomStringConvertible {
    var symbol: String
    var time: Int64
    var position: Int
    var values: String

    static func < (lhs: TickKey, rhs: TickKey) -> Bool {
        (lhs.symbol, lhs.time, lhs.position) < (rhs.symbol, rhs.time, rhs.position)
    }

    var description: String { "\(symbol) @\(time)#\(position) \(values)" }
}

/// A tick type's table, as the tests read it back.
enum TickTableName: String {
    case trades = "trade_ticks"
    case bidAsk = "bid_ask_ticks"
    case midpoint = "midpoint_ticks"

    var simulated: SimulatedWhatToShow {
        switch self {
        case .trades: .trades
        case .bidAsk: .bidAsk
        case .midpoint: .midpoint
        }
    }
}

enum ExpectedTicks {
    /// The simulator's whole stream for `[start, end)`, positioned within each second as IB's order gives them:
    /// exactly what a correct chain must have stored.
    static func stream(
        _ symbol: String,
        _ table: TickTableName,
        from start: Int64,
        to end: Int64,
        useRTH: Bool
    ) throws -> [TickKey] {
        let instrument = try #require(InstrumentUniverse.standard.lookup(secType: "", localSymbol: symbol).first)
        let ticks = TickGenerator(pageRule: .exact).ticks(
            instrument: instrument,
            whatToShow: table.simulated,
            start: start,
            end: end - 1,
            count: Int.max,
            useRTH: useRTH
        )
        var keys: [TickKey] = []
        var second = Int64.min
        var position = 0
        for tick in ticks {
            (second, position) = tick.time == second ? (second, position + 1) : (tick.time, 0)
            let values: String
            switch table {
            case .trades: values = "\(tick.price) \(tick.size) NASDAQ"
            case .bidAsk:
                values = "\(tick.bidPrice ?? "") \(tick.askPrice ?? "") \(tick.bidSize ?? "") \(tick.askSize ?? "")"
            case .midpoint: values = tick.price
            }
            keys.append(TickKey(symbol: symbol, time: tick.time, position: position, values: values))
        }
        return keys
    }

    /// Every tick stored in a table, in key order, values as PostgreSQL keeps their text.
    static func stored(_ table: TickTableName, in database: PostgresConnection) async throws -> [TickKey] {
        let rows: [PostgresRow]
        switch table {
        case .trades:
            rows = try await database.query(
                """
                SELECT i.symbol, extract(epoch FROM t.tick_time)::bigint AS time, t.position,
                       t.price::text || ' ' || t.size::text || ' ' || t.exchange AS values
                FROM trade_ticks t JOIN instruments i ON i.id = t.instrument_id
                ORDER BY i.symbol, t.tick_time, t.position
                """
            ).rows
        case .bidAsk:
            rows = try await database.query(
                """
                SELECT i.symbol, extract(epoch FROM t.tick_time)::bigint AS time, t.position,
                       t.bid_price::text || ' ' || t.ask_price::text || ' ' || t.bid_size::text || ' '
                           || t.ask_size::text AS values
                FROM bid_ask_ticks t JOIN instruments i ON i.id = t.instrument_id
                ORDER BY i.symbol, t.tick_time, t.position
                """
            ).rows
        case .midpoint:
            rows = try await database.query(
                """
                SELECT i.symbol, extract(epoch FROM t.tick_time)::bigint AS time, t.position, t.price::text AS values
                FROM midpoint_ticks t JOIN instruments i ON i.id = t.instrument_id
                ORDER BY i.symbol, t.tick_time, t.position
                """
            ).rows
        }
        return try rows.map {
            TickKey(
                symbol: try $0.decode(String.self, "symbol"),
                time: try $0.decode(Int64.self, "time"),
                position: try $0.decode(Int.self, "position"),
                values: try $0.decode(String.self, "values")
            )
        }
    }

    /// A checksum over keys and values (FNV-1a), to print beside the count.
    static func checksum(_ keys: [TickKey]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for key in keys.sorted() {
            for byte in key.description.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }

    /// The largest number of ticks in one second.
    static func busiestSecond(_ keys: [TickKey]) -> Int {
        Dictionary(grouping: keys, by: { "\($0.symbol)@\($0.time)" }).values.map(\.count).max() ?? 0
    }
}
