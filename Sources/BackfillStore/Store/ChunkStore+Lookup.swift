import PQKit
import TWSProtocol

extension ChunkStore {
    /// Whether PostgreSQL holds a backfill with this id, so commands given an unknown id can say so instead of
    /// reporting that nothing needed doing.
    ///
    /// - Throws: PQKit's `PostgresError` on a database failure.
    public func backfillExists(id: String) async throws -> Bool {
        try await database.query("SELECT 1 AS found FROM backfills WHERE id = $1", id).singleRow() != nil
    }

    /// The state of one chunk, or nil when there is no chunk with this id.
    ///
    /// - Throws: PQKit's `PostgresError` on a database failure.
    public func chunkState(id: String) async throws -> ChunkState? {
        let state = try await database.query("SELECT state FROM chunks WHERE id = $1", id).singleRow()?
            .decode(String.self, "state")
        return state.flatMap(ChunkState.init(rawValue:))
    }
}

extension ChunkStore {
    /// The `instruments` rows that already exist for these contracts; unlike ``instrumentIDs(for:)`` it creates
    /// nothing, so reading (a `plan`, incremental coverage) leaves the database as it was.
    ///
    /// - Throws: PQKit's `PostgresError` on a database failure.
    public func existingInstrumentIDs(for contracts: [Contract]) async throws -> [Contract: Int64] {
        var ids: [Contract: Int64] = [:]
        for contract in Set(contracts) {
            // The columns of the instruments_contract unique constraint.
            let row = try await database.query(
                """
                SELECT id FROM instruments
                WHERE symbol = $1 AND sec_type = $2 AND exchange = $3 AND primary_exchange = $4 AND currency = $5
                  AND last_trade_date = $6 AND multiplier = $7 AND local_symbol = $8
                """,
                [
                    contract.symbol, contract.secType.rawValue, contract.exchange, contract.primaryExchange,
                    contract.currency, contract.lastTradeDateOrContractMonth, contract.multiplier,
                    contract.localSymbol,
                ]
            ).singleRow()
            if let id = try row?.decode(Int64.self, "id") { ids[contract] = id }
        }
        return ids
    }
}
