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
    market_id        bigint      PRIMARY KEY,
    symbol           text        NOT NULL,
    price_decimals   integer     NOT NULL,
    size_decimals    integer     NOT NULL,
    spec             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    last_trade_price numeric     NULL,
    book_sequence    bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT markets_symbol_key UNIQUE (symbol),
    CONSTRAINT markets_price_decimals_check CHECK (price_decimals BETWEEN 0 AND 18),
    CONSTRAINT markets_size_decimals_check CHECK (size_decimals BETWEEN 0 AND 18)
);

COMMENT ON TABLE markets IS 'one row per market whose book the engine opened (first place command), with the spec it was opened with';
COMMENT ON COLUMN markets.spec IS 'the full MarketSpec (scaled integers); recovery opens the book with exactly this spec';
COMMENT ON COLUMN markets.last_trade_price IS 'price of the last fill, NULL before the first trade';
COMMENT ON COLUMN markets.book_sequence IS 'sequence of the last event that changed the book (its last level change)';

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
    expires_at_us     bigint      NULL,
    priority_sequence bigint      NOT NULL,
    accepted_sequence bigint      NOT NULL,
    cancel_reason     text        NULL,
    created_at_us     bigint      NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_side_check CHECK (side IN ('buy', 'sell')),
    CONSTRAINT orders_order_type_check CHECK (order_type IN ('market', 'limit')),
    CONSTRAINT orders_time_in_force_check CHECK (time_in_force IN ('gtc', 'ioc', 'fok', 'post_only')),
    CONSTRAINT orders_stp_check CHECK (stp IN ('none', 'cancel_taker', 'cancel_maker', 'cancel_both')),
    CONSTRAINT orders_status_check
        CHECK (status IN ('pending', 'partially_filled', 'filled', 'cancelled', 'expired', 'rejected')),
    CONSTRAINT orders_size_check CHECK (size > 0),
    CONSTRAINT orders_price_check CHECK (price > 0),
    CONSTRAINT orders_limit_price_check CHECK (order_type <> 'limit' OR price IS NOT NULL),
    CONSTRAINT orders_filled_size_check CHECK (filled_size >= 0),
    CONSTRAINT orders_open_size_check CHECK (open_size >= 0 AND filled_size + open_size <= size)
) WITH (fillfactor = 85);

COMMENT ON COLUMN orders.id IS 'Ids.order(order number): the order number is recoverable from the UUID';
COMMENT ON COLUMN orders.size IS 'current total size (filled + open); an amend changes it';
COMMENT ON COLUMN orders.price IS 'limit price; for a market order its protection price, NULL if it had none';
COMMENT ON COLUMN orders.open_size IS 'size still resting; 0 once the order is closed';
COMMENT ON COLUMN orders.priority_sequence IS
    'engine sequence at which the order got its queue priority; recovery rebuilds books ordered by it';
COMMENT ON COLUMN orders.accepted_sequence IS 'sequence of the OrderAccepted event';
COMMENT ON COLUMN orders.stp IS 'effective self-trade prevention mode';
COMMENT ON COLUMN orders.expires_at_us IS 'good-til-time, engine microseconds; NULL = none';
COMMENT ON COLUMN orders.created_at_us IS 'timestamp of the placing command, engine microseconds';

CREATE INDEX orders_user_market_status_idx ON orders (user_address, market_id, status);

CREATE INDEX orders_open_book_idx ON orders (market_id, side, price, priority_sequence)
    WHERE status IN ('pending', 'partially_filled');

CREATE UNIQUE INDEX orders_open_client_order_id_key ON orders (user_address, client_order_id)
    WHERE client_order_id IS NOT NULL AND status IN ('pending', 'partially_filled');

CREATE TABLE settlement_batches (
    id                  uuid        PRIMARY KEY,
    batch_number        bigint      NOT NULL,
    market_id           bigint      NOT NULL REFERENCES markets (market_id),
    oracle_ts           bigint      NOT NULL,
    min_px              bigint      NOT NULL,
    max_px              bigint      NOT NULL,
    expiry              bigint      NOT NULL,
    status              text        NOT NULL DEFAULT 'pending',
    tx_hash             text        NULL,
    sequence_number     bigint      NULL,
    signed_txn          bytea       NULL,
    tx_expiration       bigint      NULL,
    attempts            integer     NOT NULL DEFAULT 0,
    last_error          text        NULL,
    fill_count          integer     NOT NULL,
    parent_batch_number bigint      NULL,
    created_at_ms       bigint      NOT NULL,
    updated_at_ms       bigint      NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    submitted_at        timestamptz NULL,
    confirmed_at        timestamptz NULL,
    CONSTRAINT settlement_batches_batch_number_key UNIQUE (batch_number),
    CONSTRAINT settlement_batches_status_check
        CHECK (status IN ('pending', 'submitted', 'confirmed', 'failed', 'held', 'split')),
    CONSTRAINT settlement_batches_px_check CHECK (min_px >= 0 AND min_px <= max_px),
    CONSTRAINT settlement_batches_attempts_check CHECK (attempts >= 0),
    CONSTRAINT settlement_batches_fill_count_check CHECK (fill_count > 0)
);

COMMENT ON COLUMN settlement_batches.id IS 'Ids.batch(batch_number)';
COMMENT ON COLUMN settlement_batches.min_px IS 'price x 1e8 as on chain (u64 there)';
COMMENT ON COLUMN settlement_batches.max_px IS 'price x 1e8 as on chain (u64 there)';
COMMENT ON COLUMN settlement_batches.sequence_number IS 'account sequence number of the submitted transaction';

CREATE INDEX settlement_batches_unfinished_idx ON settlement_batches (batch_number)
    WHERE status NOT IN ('confirmed', 'split');

CREATE TABLE trades (
    id                  uuid        PRIMARY KEY,
    trade_number        bigint      NOT NULL,
    sequence            bigint      NOT NULL,
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
    engine_timestamp_us bigint      NOT NULL,
    price_x             bigint      NULL,
    fee_bps             integer     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    settlement_batch_id uuid        NULL REFERENCES settlement_batches (id),
    CONSTRAINT trades_trade_number_key UNIQUE (trade_number),
    CONSTRAINT trades_taker_side_check CHECK (taker_side IN ('buy', 'sell')),
    CONSTRAINT trades_price_check CHECK (price > 0),
    CONSTRAINT trades_size_check CHECK (size > 0)
);

COMMENT ON COLUMN trades.id IS 'Ids.trade(trade_number)';
COMMENT ON COLUMN trades.trade_number IS 'the engine trade number: 1, 2, 3, ... without gaps';
COMMENT ON COLUMN trades.sequence IS 'sequence of the Fill event';
COMMENT ON COLUMN trades.taker_order_id IS 'orders.id; no foreign key so fills can be written before/without the order row';
COMMENT ON COLUMN trades.taker_fee IS 'quote amount at the market price decimals; may be negative (rebate)';
COMMENT ON COLUMN trades.maker_fee IS 'quote amount at the market price decimals; may be negative (rebate)';
COMMENT ON COLUMN trades.price_x IS 'price x 1e8 for settlement; NULL if the price has no exact 8-decimal form';
COMMENT ON COLUMN trades.fee_bps IS 'taker fee rate of the market when the trade happened (settlement fee_bps)';
COMMENT ON COLUMN trades.settlement_batch_id IS 'the (non-split) batch that currently settles this trade; NULL = unbatched';

CREATE INDEX trades_market_number_idx ON trades (market_id, trade_number);
CREATE INDEX trades_taker_address_idx ON trades (taker_address);
CREATE INDEX trades_maker_address_idx ON trades (maker_address);
CREATE INDEX trades_unbatched_idx ON trades (trade_number) WHERE settlement_batch_id IS NULL;

CREATE TABLE settlement_batch_fills (
    batch_number bigint  NOT NULL REFERENCES settlement_batches (batch_number),
    position     integer NOT NULL,
    trade_number bigint  NOT NULL REFERENCES trades (trade_number),
    taker        text    NOT NULL,
    maker        text    NOT NULL,
    market_id    bigint  NOT NULL,
    size         bigint  NOT NULL,
    price_x      bigint  NOT NULL,
    fee_bps      bigint  NOT NULL,
    ts           bigint  NOT NULL,
    taker_side   text    NOT NULL,
    PRIMARY KEY (batch_number, position),
    CONSTRAINT settlement_batch_fills_trade_key UNIQUE (batch_number, trade_number),
    CONSTRAINT settlement_batch_fills_taker_side_check CHECK (taker_side IN ('buy', 'sell'))
);

COMMENT ON TABLE settlement_batch_fills IS
    'the fills of each batch exactly as sealed (SettlementFill); a split parent keeps its rows, its trades move to the children';
COMMENT ON COLUMN settlement_batch_fills.size IS 'scaled size in base units, as on chain';
COMMENT ON COLUMN settlement_batch_fills.ts IS 'trade time, seconds';

CREATE INDEX settlement_batch_fills_trade_idx ON settlement_batch_fills (trade_number);

CREATE TABLE positions (
    user_address text    NOT NULL,
    market_id    bigint  NOT NULL REFERENCES markets (market_id),
    size         numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (user_address, market_id)
);

COMMENT ON COLUMN positions.size IS 'net size from fills, signed: positive long, negative short; 0 rows are kept';

CREATE TABLE engine_state (
    id                        integer     PRIMARY KEY,
    last_command_number       bigint      NOT NULL DEFAULT 0,
    last_sequence             bigint      NOT NULL DEFAULT 0,
    last_order_number         bigint      NOT NULL DEFAULT 0,
    last_trade_number         bigint      NOT NULL DEFAULT 0,
    last_command_timestamp_us bigint      NOT NULL DEFAULT 0,
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT engine_state_single_row_check CHECK (id = 1)
);

COMMENT ON COLUMN engine_state.last_command_number IS
    'number of the last committed command (command_log.command_number); guards against committing a group twice';

-- The single row exists from the start, so writers only ever UPDATE it.
INSERT INTO engine_state (id) VALUES (1);

CREATE TABLE command_log (
    command_number bigint      PRIMARY KEY,
    timestamp_us   bigint      NOT NULL,
    first_sequence bigint      NULL,
    last_sequence  bigint      NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    payload        json        NOT NULL
);

COMMENT ON TABLE command_log IS 'engine input commands in processing order, for audit and replay';
COMMENT ON COLUMN command_log.command_number IS '1, 2, 3, ... in the order the engine processed the commands';
COMMENT ON COLUMN command_log.payload IS
    'the command as JSON (json, not jsonb: cheaper to write; the log is append-only and read in order)';
COMMENT ON COLUMN command_log.timestamp_us IS 'the command''s own timestamp (engine microseconds)';
COMMENT ON COLUMN command_log.first_sequence IS 'sequence of its first event; NULL if it had none';
