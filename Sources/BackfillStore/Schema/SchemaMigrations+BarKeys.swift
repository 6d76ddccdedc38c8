import PQKit

extension SchemaMigrations {
    /// Bars and ticks lose their foreign keys to `instruments` (issue 16, storage at scale).
    ///
    /// PostgreSQL checks a foreign key with a trigger per inserted row: a `SELECT … FOR KEY SHARE` of the instrument.
    /// For a chunk of 1950 one-minute bars those checks took as long as the insert itself. Every bar and tick is
    /// written by a worker with the instrument id of its chunk, which was read from `instruments` when the chunk was
    /// recorded, and nothing deletes instruments: the checks could never fail.
    static let version8BarsWithoutInstrumentChecks = Migration(
        version: 8,
        name: "bars and ticks without per-row foreign-key checks",
        script: """
            ALTER TABLE bars DROP CONSTRAINT IF EXISTS bars_instrument_id_fkey;
            ALTER TABLE trade_ticks DROP CONSTRAINT IF EXISTS trade_ticks_instrument_id_fkey;
            ALTER TABLE bid_ask_ticks DROP CONSTRAINT IF EXISTS bid_ask_ticks_instrument_id_fkey;
            ALTER TABLE midpoint_ticks DROP CONSTRAINT IF EXISTS midpoint_ticks_instrument_id_fkey;
            """
    )
}
