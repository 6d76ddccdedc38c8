import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// Which of these chunk ids are recorded already: for a tick plan, the sessions whose chain exists.
    public func recordedChunkIDs(_ ids: [ChunkID]) async throws -> Set<ChunkID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.query(
            "SELECT id FROM chunks WHERE id = ANY(string_to_array($1, ','))",
            ids.map(\.rawValue).joined(separator: ",")
        ).rows
        return Set(try rows.compactMap { ChunkID(rawValue: try $0.decode(String.self, "id")) })
    }

    /// Ticks per open second each contract showed over its finished chains of this tick type and hours, for the
    /// plan's estimate; contracts without a finished chain are absent.
    public func observedTickDensities(
        for contracts: [Contract],
        tickType: TickType,
        useRTH: Bool
    ) async throws -> [Contract: Double] {
        var densities: [Contract: Double] = [:]
        for (contract, instrumentID) in try await existingInstrumentIDs(for: contracts) {
            let row = try await database.query(
                """
                WITH finished AS (
                    SELECT chain_id FROM chunks
                    WHERE instrument_id = $1 AND bar_size = 'ticks' AND what_to_show = $2 AND use_rth = $3
                      AND state IN ('done', 'empty') AND next_chunk_id IS NULL
                )
                SELECT coalesce(sum(c.tick_count), 0)::float8 AS ticks,
                       coalesce(sum(extract(epoch FROM c.window_end - c.window_start))
                                FILTER (WHERE c.page_index = 0), 0)::float8 AS seconds
                FROM chunks c JOIN finished f ON f.chain_id = c.chain_id
                """,
                [instrumentID, tickType.rawValue, useRTH]
            ).singleRow()
            guard let row else { continue }
            let seconds = try row.decode(Double.self, "seconds")
            if seconds > 0 { densities[contract] = try row.decode(Double.self, "ticks") / seconds }
        }
        return densities
    }
}
