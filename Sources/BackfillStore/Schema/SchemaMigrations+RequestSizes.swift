import PQKit

extension SchemaMigrations {
    /// Split chunks and learned request sizes (issue 16): a chunk a gateway found too large becomes `split`, its
    /// children record where they came from, and `request_sizes` keeps what each bar size and instrument kind taught.
    static let version7SplitChunks = Migration(
        version: 7,
        name: "split chunks and learned request sizes",
        script: """
            ALTER TABLE chunks DROP CONSTRAINT chunks_state_check;
            ALTER TABLE chunks ADD CONSTRAINT chunks_state_check
                CHECK (state IN ('pending', 'queued', 'running', 'done', 'empty', 'retrying', 'dead', 'cancelled',
                                 'split'));
            ALTER TABLE chunks ADD COLUMN split_from text;
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
