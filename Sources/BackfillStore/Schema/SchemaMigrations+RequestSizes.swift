import PQKit

extension SchemaMigrations {
    /// Split chunks and learned request sizes (issue 16): a chunk a gateway found too large becomes `split`, its
    /// children record where they came from, and `request_sizes` keeps what each bar size and instrument kind taught.
    /// Chunks lose their foreign keys, whose per-row checks slowed recording large backfills.
    static let version7SplitChunks = Migration(
        version: 7,
        name: "split chunks, learned request sizes, chunks without per-row foreign-key checks",
        script: """
            ALTER TABLE chunks DROP CONSTRAINT chunks_state_check;
            ALTER TABLE chunks ADD CONSTRAINT chunks_state_check
                CHECK (state IN ('pending', 'queued', 'running', 'done', 'empty', 'retrying', 'dead', 'cancelled',
                                 'split'));
            ALTER TABLE chunks ADD COLUMN split_from text;
            -- Every chunk is written in the transaction that writes or finds its backfill and its instrument, and
            -- nothing deletes either: the per-row foreign-key checks only cost a third of recording a backfill of
            -- half a million chunks.
            ALTER TABLE chunks DROP CONSTRAINT chunks_backfill_id_fkey;
            ALTER TABLE chunks DROP CONSTRAINT chunks_instrument_id_fkey;
            CREATE INDEX chunks_split_from ON chunks (split_from) WHERE split_from IS NOT NULL;

            CREATE TABLE request_sizes (
                bar_size          text NOT NULL,
                sec_type          text NOT NULL,
                use_rth           boolean NOT NULL,
                largest_worked    bigint CHECK (largest_worked > 0),
                smallest_refused  bigint CHECK (smallest_refused > 0),
                refused_reason    text,
                refused_at        timestamptz,
                updated_at        timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (bar_size, sec_type, use_rth)
            );
            """
    )
}
