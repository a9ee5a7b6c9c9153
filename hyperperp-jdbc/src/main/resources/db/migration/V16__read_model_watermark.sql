-- How far the state tables (orders, trades, positions, markets, accounts, ledger, conditional orders) go when they
-- are written behind the command log (persistence.tables = behind, docs/persistence.md).
--
-- In that mode the synchronous group commit writes only command_groups and engine_state's counters (the log's guard,
-- its row locked by every commit), and a table writer thread commits the tables later, in batches, together with
-- this row: the counters of the last command the tables hold. It is a row of its own so that the writer's bulk
-- transaction never holds engine_state's row lock, which every log commit takes.
--
-- last_command_number NULL: the tables are written inline, in the log's own transaction, and are at engine_state
-- (the default mode, and every database before this migration). Start-up in the behind mode copies engine_state's
-- counters here; start-up in the inline mode first replays the log past this row into the tables, then sets it NULL.

CREATE TABLE read_model_watermark (
    id                        smallint    PRIMARY KEY,
    last_command_number       bigint,
    last_sequence             bigint      NOT NULL DEFAULT 0,
    last_order_number         bigint      NOT NULL DEFAULT 0,
    last_trade_number         bigint      NOT NULL DEFAULT 0,
    last_command_timestamp_us bigint      NOT NULL DEFAULT 0,
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT read_model_watermark_one_row CHECK (id = 1)
);

INSERT INTO read_model_watermark (id) VALUES (1);
