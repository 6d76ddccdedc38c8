import PQKit

/// Every migration of Backfill's schema, in order. Add new ones at the end with the next version.
public enum SchemaMigrations {
    public static let all: [Migration] = [
        version1Tables,
        version2TimescaleHypertable,
        version3ChunkRequestText,
        version4HistoricalTicks,
        version5TickHypertables,
        version6Follows,
        version7SplitChunks,
        version8BarsWithoutInstrumentChecks,
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

    /// Historical ticks: a chunk can be one page of a session's tick chain (`bar_size` is `ticks`, the window runs
    /// from the page's start to the session's end), and each tick type has its table, keyed by the tick's second
    /// and its position within that second (``StoredTick``). Prices and sizes are `numeric`, which keeps IB's
    /// decimal text exactly (`189.50` stays `189.50`).
    static let version4HistoricalTicks = Migration(
        version: 4,
        name: "historical tick chains and tick tables",
        script: """
            ALTER TABLE chunks ADD COLUMN chain_id text;
            ALTER TABLE chunks ADD COLUMN page_index integer CHECK (page_index >= 0);
            ALTER TABLE chunks ADD COLUMN tick_count integer CHECK (tick_count >= 0);
            ALTER TABLE chunks ADD COLUMN next_chunk_id text;
            CREATE INDEX chunks_tick_chains ON chunks (chain_id, page_index) WHERE chain_id IS NOT NULL;

            CREATE TABLE trade_ticks (
                instrument_id       bigint NOT NULL REFERENCES instruments (id),
                tick_time           timestamptz NOT NULL,
                position            integer NOT NULL CHECK (position >= 0),
                price               numeric NOT NULL,
                size                numeric NOT NULL,
                exchange            text NOT NULL DEFAULT '',
                special_conditions  text NOT NULL DEFAULT '',
                past_limit          boolean NOT NULL DEFAULT false,
                unreported          boolean NOT NULL DEFAULT false,
                chunk_id            text,
                fetched_at          timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (instrument_id, tick_time, position)
            );

            CREATE TABLE bid_ask_ticks (
                instrument_id  bigint NOT NULL REFERENCES instruments (id),
                tick_time      timestamptz NOT NULL,
                position       integer NOT NULL CHECK (position >= 0),
                bid_price      numeric NOT NULL,
                ask_price      numeric NOT NULL,
                bid_size       numeric NOT NULL,
                ask_size       numeric NOT NULL,
                bid_past_low   boolean NOT NULL DEFAULT false,
                ask_past_high  boolean NOT NULL DEFAULT false,
                chunk_id       text,
                fetched_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (instrument_id, tick_time, position)
            );

            CREATE TABLE midpoint_ticks (
                instrument_id  bigint NOT NULL REFERENCES instruments (id),
                tick_time      timestamptz NOT NULL,
                position       integer NOT NULL CHECK (position >= 0),
                price          numeric NOT NULL,
                chunk_id       text,
                fetched_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (instrument_id, tick_time, position)
            );
            """
    )

    /// The tick tables become TimescaleDB hypertables when the extension is installed, like `bars` (version 2).
    static let version5TickHypertables = Migration(
        version: 5,
        name: "tick tables as TimescaleDB hypertables when the extension is present",
        script: """
            DO $migration$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
                    PERFORM create_hypertable('trade_ticks', 'tick_time', chunk_time_interval => interval '1 day',
                                              migrate_data => true, if_not_exists => true);
                    PERFORM create_hypertable('bid_ask_ticks', 'tick_time', chunk_time_interval => interval '1 day',
                                              migrate_data => true, if_not_exists => true);
                    PERFORM create_hypertable('midpoint_ticks', 'tick_time', chunk_time_interval => interval '1 day',
                                              migrate_data => true, if_not_exists => true);
                END IF;
            END
            $migration$;
            """
    )

    /// Keeping data current: subscriptions (`follow add`), the scheduler's lease (one active scheduler among
    /// several), revised bars counted per chunk, and an index over every chunk of a series so the scheduler and
    /// `gaps` can see what is planned, not only what is finished.
    static let version6Follows = Migration(
        version: 6,
        name: "follows, the scheduler lease and revised bars",
        script: """
            CREATE TABLE follows (
                id                text PRIMARY KEY,
                instrument_id     bigint NOT NULL REFERENCES instruments (id),
                symbol            text NOT NULL,
                bar_size          text NOT NULL,
                what_to_show      text NOT NULL,
                use_rth           boolean NOT NULL,
                data_from         timestamptz NOT NULL,
                revisit_sessions  integer NOT NULL DEFAULT 0 CHECK (revisit_sessions BETWEEN 0 AND 20),
                priority          integer NOT NULL DEFAULT 0,
                last_close        timestamptz,
                last_run_at       timestamptz,
                last_enqueued     integer NOT NULL DEFAULT 0 CHECK (last_enqueued >= 0),
                total_enqueued    bigint NOT NULL DEFAULT 0 CHECK (total_enqueued >= 0),
                created_at        timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE scheduler_leases (
                name           text PRIMARY KEY,
                holder         text NOT NULL,
                expires_at     timestamptz NOT NULL,
                acquired_at    timestamptz NOT NULL DEFAULT now(),
                delay_seconds  integer NOT NULL DEFAULT 600 CHECK (delay_seconds >= 0)
            );

            ALTER TABLE chunks ADD COLUMN revised_count integer NOT NULL DEFAULT 0 CHECK (revised_count >= 0);
            CREATE INDEX chunks_series ON chunks (instrument_id, bar_size, what_to_show, use_rth, window_start);
            -- Revised bars are rare: `follow list`, `status` and the dashboard sum them per subscription often.
            CREATE INDEX chunks_revised ON chunks (backfill_id) WHERE revised_count > 0;
            """
    )
}
