import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// Writes chunks taken from `parentID`'s window (split children or follow-ups) as `pending` in its backfill, with
    /// `split_from` naming it, inside the caller's transaction. A chunk whose request already exists is left alone.
    ///
    /// - Returns: How many were new, and the ids that still need work (new ones, and existing ones not finished), in
    ///   the order given.
    static func insertChildren(
        _ rows: [ChunkRow],
        of parentID: String,
        backfillID: String,
        instrumentID: Int64,
        into database: isolated PostgresConnection
    ) throws -> (inserted: Int, unfinished: [String]) {
        var inserted = 0
        var unfinished: [String] = []
        for row in rows {
            let created =
                try database.query(
                    """
                    INSERT INTO chunks (id, backfill_id, instrument_id, bar_size, what_to_show, use_rth, end_time,
                                        end_date_time, duration, window_start, window_end, split_from)
                    VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($9::bigint), $7, $8, to_timestamp($10::bigint),
                            to_timestamp($9::bigint), $11)
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """,
                    [
                        row.id, backfillID, instrumentID, row.barSize.ibName, row.whatToShow, row.useRTH,
                        row.endDateTime, row.duration.text, row.windowEnd, row.windowStart, parentID,
                    ]
                ).rows.count == 1
            if created {
                inserted += 1
                unfinished.append(row.id)
            } else if let existing = try database.query("SELECT state FROM chunks WHERE id = $1", row.id).singleRow(),
                !(ChunkState(rawValue: try existing.decode(String.self, "state"))?.isFinished ?? true)
            {
                unfinished.append(row.id)
            }
        }
        return (inserted, unfinished)
    }
}
