import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// The `bar_size` of a tick page's chunk row.
    static let tickPageBarSize = "ticks"

    /// A chunk's request from a query that selects ``chunkRow(from:)``'s columns plus `chain_id` and `page_index`:
    /// a tick page when `bar_size` is ``tickPageBarSize``, else a bar request.
    static func chunkRequest(from row: PostgresRow) throws(PostgresError) -> ChunkRequest {
        guard try row.decode(String.self, "bar_size") == tickPageBarSize else {
            return .bars(try chunkRow(from: row))
        }
        let id = try row.decode(String.self, "id")
        let whatToShow = try row.decode(String.self, "what_to_show")
        guard let tickType = TickType(rawValue: whatToShow) else {
            throw PostgresError(.decoding, "Tick chunk \(id) asks for '\(whatToShow)', which is not a tick type.")
        }
        guard let recorded = ChunkID(rawValue: id) else {
            throw PostgresError(.decoding, "Tick chunk '\(id)' has an id Backfill did not make.")
        }
        let chainText = try row.decode(String?.self, "chain_id")
        let page = TickPage(
            recordedAs: recorded,
            contract: try contract(from: row),
            tickType: tickType,
            useRTH: try row.decode(Bool.self, "use_rth"),
            start: try row.decode(Int64.self, "window_start"),
            sessionEnd: try row.decode(Int64.self, "window_end"),
            chainID: chainText.flatMap(ChunkID.init(rawValue:)) ?? recorded,
            pageIndex: try row.decode(Int.self, "page_index")
        )
        return .ticks(page)
    }

    /// A chunk from a query that selects the chunk's request columns (`id`, `bar_size`, `what_to_show`,
    /// `use_rth`, `end_date_time`, `duration`, `window_start` and `window_end` as epoch seconds) joined with its
    /// `instruments` row (see ``contract(from:)``).
    ///
    /// - Throws: `PostgresError` `.decoding` for a bar size or duration IB would not take (the row was written by
    ///   something other than the planner), naming the chunk.
    static func chunkRow(from row: PostgresRow) throws(PostgresError) -> ChunkRow {
        let id = try row.decode(String.self, "id")
        let barSizeText = try row.decode(String.self, "bar_size")
        guard let barSize = BarSizeSetting(ibName: barSizeText) else {
            throw PostgresError(.decoding, "Chunk \(id) has bar size '\(barSizeText)', which IB does not offer.")
        }
        let durationText = try row.decode(String.self, "duration")
        guard let duration = IBDuration(parsing: durationText) else {
            throw PostgresError(.decoding, "Chunk \(id) has duration '\(durationText)', which is not IB's form.")
        }
        return ChunkRow(
            id: id,
            contract: try contract(from: row),
            barSize: barSize,
            whatToShow: try row.decode(String.self, "what_to_show"),
            useRTH: try row.decode(Bool.self, "use_rth"),
            endDateTime: try row.decode(String.self, "end_date_time"),
            duration: duration,
            windowStart: try row.decode(Int64.self, "window_start"),
            windowEnd: try row.decode(Int64.self, "window_end")
        )
    }

    /// The contract of an `instruments` row joined into a query (`symbol`, `sec_type`, …, `con_id` as 0 when
    /// unknown).
    static func contract(from row: PostgresRow) throws(PostgresError) -> Contract {
        let secTypeText = try row.decode(String.self, "sec_type")
        guard let secType = SecurityType(rawValue: secTypeText) else {
            throw PostgresError(.decoding, "An instrument has security type '\(secTypeText)', which IB does not know.")
        }
        return Contract(
            conId: try row.decode(Int.self, "con_id"),
            symbol: try row.decode(String.self, "symbol"),
            secType: secType,
            lastTradeDateOrContractMonth: try row.decode(String.self, "last_trade_date"),
            multiplier: try row.decode(String.self, "multiplier"),
            exchange: try row.decode(String.self, "exchange"),
            primaryExchange: try row.decode(String.self, "primary_exchange"),
            currency: try row.decode(String.self, "currency"),
            localSymbol: try row.decode(String.self, "local_symbol"),
            tradingClass: try row.decode(String.self, "trading_class"),
            includeExpired: try row.decode(Bool.self, "include_expired")
        )
    }
}
