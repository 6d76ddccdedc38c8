import PQKit

/// Every migration of Backfill's schema, in order. Add new ones at the end with the next version.
public enum SchemaMigrations {
    public static let all: [Migration] = [
        version1Tables,
        version2TimescaleHypertable,
        version3ChunkRequestText,
    ]

    /// The tables the design needs. Names and column meanings are documented in `Docs.docc/Schema.md`.
    static let version1Tables = Migration(
        version: 1,
        name: "instruments, backfills, chunks, bars",
        script: """
            CREATE TABLE instruments (
                id                bigserial PRIMARY KEY,
                symbol            text NOT NULL,
                sec_type          text NOT NULL,
                exchange          text NOT NULL,
                primary_exchange  text NOT NULL DEFAULT '',
                currency          text NOT NULL,
                last_trade_date   text NOT NULL DEFAULT '',
                multiplier        text NOT NULL DEFAULT '',
                local_symbol      text NOT NULL DEFAULT '',
                trading_class     text NOT NULL DEFAULT '',
                include_expired   boolean NOT NULL DEFAULT false,
                con_id            bigint,
                time_zone         text,
                created_at        timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT instruments_contract UNIQUE
                    (symbol, sec_type, exchange, primary_exchange, currency, last_trade_date, multiplier, local_symbol)
            );
            CREATE INDEX instruments_con_id ON instruments (con_id) WHERE con_id IS NOT NULL;

            CREATE TABLE head_timestamps (
                instrument_id  bigint NOT NULL REFERENCES instruments (id) ON DELETE CASCADE,
                what_to_show   text NOT NULL,
                use_rth        boolean NOT NULL,
                head_time      timestamptz,
                fetched_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (instrument_id, what_to_show, use_rth)
            );

            CREATE TABLE backfills (
                id            text PRIMARY KEY,
                name          text,
                bar_size      text NOT NULL,
                what_to_show  text NOT NULL,
                use_rth       boolean NOT NULL,
                range_start   timestamptz NOT NULL,
                range_end     timestamptz NOT NULL,
                priority      integer NOT NULL DEFAULT 0,
                state         text NOT NULL DEFAULT 'active'
                              CHECK (state IN ('active', 'finished', 'cancelled')),
                chunk_count   integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
                request       jsonb NOT NULL DEFAULT '{}'::jsonb,
                created_at    timestamptz NOT NULL DEFAULT now(),
                updated_at    timestamptz NOT NULL DEFAULT now(),
                finished_at   timestamptz,
                CHECK (range_start < range_end)
            );

            CREATE TABLE backfill_instruments (
                backfill_id    text NOT NULL REFERENCES backfills (id) ON DELETE CASCADE,
                instrument_id  bigint NOT NULL REFERENCES instruments (id),
                PRIMARY KEY (backfill_id, instrument_id)
            );

            CREATE TABLE chunks (
                id               text PRIMARY KEY,
                backfill_id      text NOT NULL REFERENCES backfills (id) ON DELETE CASCADE,
                instrument_id    bigint NOT NULL REFERENCES instruments (id),
                bar_size         text NOT NULL,
                what_to_show     text NOT NULL,
                use_rth          boolean NOT NULL,
                end_time         timestamptz NOT NULL,
                duration         text NOT NULL,
                window_start     timestamptz NOT NULL,
                window_end       timestamptz NOT NULL,
                state            text NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'queued', 'running', 'done', 'empty',
                                                  'retrying', 'dead', 'cancelled')),
                attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                last_error_code  integer,
                last_error_text  text,
                bar_count        integer CHECK (bar_count >= 0),
                anomaly_count    integer NOT NULL DEFAULT 0,
                worker           text,
                client_id        integer,
                created_at       timestamptz NOT NULL DEFAULT now(),
                queued_at        timestamptz,
                started_at       timestamptz,
                finished_at      timestamptz,
                next_attempt_at  timestamptz,
                updated_at       timestamptz NOT NULL DEFAULT now(),
                CHECK (window_start < window_end)
            );
            CREATE INDEX chunks_backfill_state ON chunks (backfill_id, state);
            CREATE INDEX chunks_unfinished ON chunks (state, next_attempt_at)
                WHERE state NOT IN ('done', 'empty', 'cancelled');
            CREATE INDEX chunks_coverage ON chunks (instrument_id, bar_size, what_to_show, use_rth, window_start)
                WHERE state IN ('done', 'empty');

            CREATE TABLE bars (
                instrument_id  bigint NOT NULL REFERENCES instruments (id),
                bar_size       text NOT NULL,
                what_to_show   text NOT NULL,
                bar_start      timestamptz NOT NULL,
                open           numeric NOT NULL,
                high           numeric NOT NULL,
                low            numeric NOT NULL,
                close          numeric NOT NULL,
                volume         numeric,
                wap            numeric,
                bar_count      integer,
                chunk_id       text,
                fetched_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (instrument_id, bar_size, what_to_show, bar_start)
            );
            """
    )

    /// Bars become a TimescaleDB hypertable when the extension is installed in this database (the compose file's
    /// image installs it); without it the plain table works the same.
    static let version2TimescaleHypertable = Migration(
        version: 2,
        name: "bars as a TimescaleDB hypertable when the extension is present",
        script: """
            DO $migration$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
                    PERFORM create_hypertable('bars', 'bar_start',
                                              chunk_time_interval => interval '30 days',
                                              migrate_data => true, if_not_exists => true);
                END IF;
            END
            $migration$;
            """
    )

    /// The exact endDateTime text sent to IB (empty for continuous futures, which IB only serves up to "now"), so a
    /// chunk can be re-sent from Postgres alone, e.g. by `backfill resume` after Redis lost its data.
    static let version3ChunkRequestText = Migration(
        version: 3,
        name: "chunks keep the exact endDateTime text",
        script: """
            ALTER TABLE chunks ADD COLUMN end_date_time text NOT NULL DEFAULT '';
            """
    )
}
