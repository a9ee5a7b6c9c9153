-- HyperPerp initial schema.
--
-- Conventions (decided; keep them in later migrations):
--  * Decimal quantities (prices, sizes, fees, PnL) are `numeric` without typmod: exact, any scale. The engine's
--    scaled longs are converted with BigDecimal.valueOf(unscaled, scale) (see io.hyperperp.jdbc.numeric.Decimals).
--  * Enumerations are `text` + named CHECK constraints, never PostgreSQL enum types (a new enum value cannot be
--    used in the migration that adds it). To add a value: drop and re-create the named constraint.
--  * Timestamps are `timestamptz`; engine clocks are bigint microseconds (`*_us`).
--  * Order book states "open" = pending, partially_filled.

CREATE TABLE markets (
    market_id      bigint      PRIMARY KEY,
    symbol         text        NOT NULL,
    price_decimals integer     NOT NULL,
    size_decimals  integer     NOT NULL,
    spec           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT markets_symbol_key UNIQUE (symbol),
    CONSTRAINT markets_price_decimals_check CHECK (price_decimals BETWEEN 0 AND 18),
    CONSTRAINT markets_size_decimals_check CHECK (size_decimals BETWEEN 0 AND 18)
);

CREATE TABLE orders (
    id                uuid        PRIMARY KEY,
    user_address      text        NOT NULL,
    market_id         bigint      NOT NULL REFERENCES markets (market_id),
    side              text        NOT NULL,
    order_type        text        NOT NULL,
    time_in_force     text        NOT NULL,
    size              numeric     NOT NULL,
    price             numeric     NULL,
    filled_size       numeric     NOT NULL DEFAULT 0,
    open_size         numeric     NOT NULL,
    status            text        NOT NULL,
    client_order_id   text        NULL,
    reduce_only       boolean     NOT NULL DEFAULT false,
    stp               text        NOT NULL,
    expires_at        timestamptz NULL,
    priority_sequence bigint      NOT NULL,
    accepted_sequence bigint      NOT NULL,
    cancel_reason     text        NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_side_check CHECK (side IN ('buy', 'sell')),
    CONSTRAINT orders_order_type_check CHECK (order_type IN ('market', 'limit')),
    CONSTRAINT orders_time_in_force_check CHECK (time_in_force IN ('gtc', 'ioc', 'fok', 'post_only')),
    CONSTRAINT orders_status_check
        CHECK (status IN ('pending', 'partially_filled', 'filled', 'cancelled', 'expired', 'rejected')),
    CONSTRAINT orders_size_check CHECK (size > 0),
    CONSTRAINT orders_price_check CHECK (price > 0),
    CONSTRAINT orders_limit_price_check CHECK (order_type <> 'limit' OR price IS NOT NULL),
    CONSTRAINT orders_filled_size_check CHECK (filled_size >= 0),
    CONSTRAINT orders_open_size_check CHECK (open_size >= 0 AND filled_size + open_size <= size)
);

COMMENT ON COLUMN orders.size IS 'original order size';
COMMENT ON COLUMN orders.price IS 'limit price; NULL for market orders';
COMMENT ON COLUMN orders.priority_sequence IS
    'engine sequence at which the order got its queue priority; recovery rebuilds books ordered by it';
COMMENT ON COLUMN orders.accepted_sequence IS 'engine sequence of the command that accepted the order';
COMMENT ON COLUMN orders.stp IS 'self-trade prevention mode';

CREATE INDEX orders_user_market_status_idx ON orders (user_address, market_id, status);

CREATE INDEX orders_open_book_idx ON orders (market_id, side, price, priority_sequence)
    WHERE status IN ('pending', 'partially_filled');

CREATE UNIQUE INDEX orders_open_client_order_id_key ON orders (user_address, client_order_id)
    WHERE client_order_id IS NOT NULL AND status IN ('pending', 'partially_filled');

CREATE TABLE settlement_batches (
    id              uuid        PRIMARY KEY,
    market_id       bigint      NOT NULL REFERENCES markets (market_id),
    oracle_ts       bigint      NOT NULL,
    min_px          bigint      NOT NULL,
    max_px          bigint      NOT NULL,
    expiry          bigint      NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    tx_hash         text        NULL,
    sequence_number bigint      NULL,
    signed_txn      bytea       NULL,
    tx_expiration   bigint      NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text        NULL,
    fill_count      integer     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    submitted_at    timestamptz NULL,
    confirmed_at    timestamptz NULL,
    CONSTRAINT settlement_batches_status_check CHECK (status IN ('pending', 'submitted', 'confirmed', 'failed')),
    CONSTRAINT settlement_batches_px_check CHECK (min_px >= 0 AND min_px <= max_px),
    CONSTRAINT settlement_batches_attempts_check CHECK (attempts >= 0),
    CONSTRAINT settlement_batches_fill_count_check CHECK (fill_count >= 0)
);

COMMENT ON COLUMN settlement_batches.min_px IS 'price x 1e8 as on chain (u64 there)';
COMMENT ON COLUMN settlement_batches.max_px IS 'price x 1e8 as on chain (u64 there)';
COMMENT ON COLUMN settlement_batches.sequence_number IS 'account sequence number of the submitted transaction';

CREATE INDEX settlement_batches_unfinished_idx ON settlement_batches (market_id, created_at)
    WHERE status IN ('pending', 'submitted');

CREATE TABLE trades (
    id                  uuid        PRIMARY KEY,
    trade_sequence      bigint      NOT NULL,
    market_id           bigint      NOT NULL REFERENCES markets (market_id),
    taker_order_id      uuid        NOT NULL,
    maker_order_id      uuid        NOT NULL,
    taker_address       text        NOT NULL,
    maker_address       text        NOT NULL,
    taker_side          text        NOT NULL,
    price               numeric     NOT NULL,
    size                numeric     NOT NULL,
    taker_fee           numeric     NOT NULL,
    maker_fee           numeric     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    engine_timestamp_us bigint      NOT NULL,
    settlement_batch_id uuid        NULL REFERENCES settlement_batches (id),
    CONSTRAINT trades_trade_sequence_key UNIQUE (trade_sequence),
    CONSTRAINT trades_taker_side_check CHECK (taker_side IN ('buy', 'sell')),
    CONSTRAINT trades_price_check CHECK (price > 0),
    CONSTRAINT trades_size_check CHECK (size > 0)
);

COMMENT ON COLUMN trades.taker_order_id IS 'orders.id; no foreign key so fills can be written before/without the order row';
COMMENT ON COLUMN trades.taker_fee IS 'may be negative (rebate)';
COMMENT ON COLUMN trades.maker_fee IS 'may be negative (rebate)';

CREATE INDEX trades_market_created_idx ON trades (market_id, created_at);
CREATE INDEX trades_taker_address_idx ON trades (taker_address);
CREATE INDEX trades_maker_address_idx ON trades (maker_address);
CREATE INDEX trades_unbatched_idx ON trades (market_id, trade_sequence) WHERE settlement_batch_id IS NULL;
CREATE INDEX trades_settlement_batch_idx ON trades (settlement_batch_id) WHERE settlement_batch_id IS NOT NULL;

CREATE TABLE positions (
    user_address   text    NOT NULL,
    market_id      bigint  NOT NULL REFERENCES markets (market_id),
    size           numeric NOT NULL DEFAULT 0,
    entry_notional numeric NOT NULL DEFAULT 0,
    realized_pnl   numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (user_address, market_id)
);

COMMENT ON COLUMN positions.size IS 'signed: positive long, negative short';

CREATE TABLE engine_state (
    id                        integer     PRIMARY KEY,
    last_sequence             bigint      NOT NULL DEFAULT 0,
    last_order_number         bigint      NOT NULL DEFAULT 0,
    last_trade_number         bigint      NOT NULL DEFAULT 0,
    last_command_timestamp_us bigint      NOT NULL DEFAULT 0,
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT engine_state_single_row_check CHECK (id = 1)
);

-- The single row exists from the start, so writers only ever UPDATE it.
INSERT INTO engine_state (id) VALUES (1);

CREATE TABLE command_log (
    sequence    bigint      PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    payload     jsonb       NOT NULL
);

COMMENT ON TABLE command_log IS 'engine input commands by sequence, for recovery and auditing';
