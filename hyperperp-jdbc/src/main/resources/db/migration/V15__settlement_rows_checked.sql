-- Where start-up's check of the settlement tables (SettlementRowsCheck) last ended clean.
--
-- The check reads trades, settlement_batch_fills and settlement_batches, which the engine's recovery does not read,
-- and costs about 1.4 s per million trades in full. A single instance without HA takes no engine snapshots, so it paid
-- the full check at every start. Each clean check now records, in its own transaction, how far it covered:
--
--   trade_number   every trade numbered up to it was checked (trades are inserted once and never updated, V13);
--   batch_number   every batch numbered up to it, and its fills, was checked and was finished (confirmed or split:
--                  the settlement store writes such a batch no more; fills are written once, with their batch).
--
-- The next start checks only the trades after trade_number and the batches (with their fills) after batch_number,
-- so a row written after the check is still checked, snapshots or not.

CREATE TABLE settlement_rows_checked (
    id smallint PRIMARY KEY,
    trade_number bigint NOT NULL,
    batch_number bigint NOT NULL,
    checked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT settlement_rows_checked_one_row CHECK (id = 1),
    CONSTRAINT settlement_rows_checked_trade_number_check CHECK (trade_number >= 0),
    CONSTRAINT settlement_rows_checked_batch_number_check CHECK (batch_number >= 0)
);

COMMENT ON TABLE settlement_rows_checked IS
    'one row: how far start-up''s last clean check of the trades and settlement tables went (SettlementRowsCheck)';
