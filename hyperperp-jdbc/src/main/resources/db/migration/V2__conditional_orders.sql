-- Stop-loss and take-profit orders while they wait for their trigger, and the oracle's mark price.
-- Once a conditional order fires it also appears in orders (same id) as the order it became.

ALTER TABLE markets ADD COLUMN mark_price numeric NULL;
COMMENT ON COLUMN markets.mark_price IS 'the mark price last fed by update_mark_price, NULL if none';

CREATE TABLE conditional_orders (
    order_number     bigint      PRIMARY KEY,
    id               uuid        NOT NULL,
    user_address     text        NOT NULL,
    market_id        bigint      NOT NULL,
    side             text        NOT NULL,
    kind             text        NOT NULL,
    order_type       text        NOT NULL,
    trigger_price    numeric     NOT NULL,
    trigger_by       text        NOT NULL,
    price            numeric     NULL,
    size             numeric     NOT NULL,
    client_order_id  text        NULL,
    reduce_only      boolean     NOT NULL,
    stp              text        NOT NULL,
    expires_at_us    bigint      NULL,
    oco_group        text        NULL,
    created_at_us    bigint      NOT NULL,
    status           text        NOT NULL,
    cancel_reason    text        NULL,
    reference_price  numeric     NULL,
    last_sequence    bigint      NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conditional_orders_id_key UNIQUE (id),
    CONSTRAINT conditional_orders_side_check CHECK (side IN ('buy', 'sell')),
    CONSTRAINT conditional_orders_kind_check CHECK (kind IN ('stop', 'take_profit')),
    CONSTRAINT conditional_orders_type_check CHECK (order_type IN ('limit', 'market')),
    CONSTRAINT conditional_orders_trigger_by_check CHECK (trigger_by IN ('last', 'mark')),
    CONSTRAINT conditional_orders_status_check CHECK (status IN ('untriggered', 'triggered', 'cancelled', 'expired'))
);

CREATE INDEX conditional_orders_untriggered_idx ON conditional_orders (order_number) WHERE status = 'untriggered';
CREATE INDEX conditional_orders_user_idx ON conditional_orders (user_address, market_id, status);

COMMENT ON TABLE conditional_orders IS 'stop and take-profit orders; recovery reloads the untriggered ones';
COMMENT ON COLUMN conditional_orders.reference_price IS 'the last or mark price at which it triggered';
