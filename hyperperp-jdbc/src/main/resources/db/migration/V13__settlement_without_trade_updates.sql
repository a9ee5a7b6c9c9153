-- Saving a settlement batch no longer updates its trades.
--
-- Until V12 the settlement store pointed each batched trade at its batch (trades.settlement_batch_id). That column
-- was in trades_unbatched_idx's predicate, so every pointer was a non-HOT update: a new tuple and a new entry in
-- each of the table's indexes, about as much PostgreSQL work and WAL as the trade's insert. Which batch settles a
-- trade is already in settlement_batch_fills (the batch that lists it and is not split), so the pointer goes.
--
-- The batcher's resume ("trades without a batch") must not scan trades either. settlement_marks holds, per market,
-- a trade number up to which every settleable trade (price_x not NULL) of the market is in a batch: the store
-- advances it when it saves a batch that continues the market's batched trades without a gap (the batcher seals a
-- market's fills in trade order), and the resume looks only at the market's trades after it (through
-- trades_market_number_idx, each checked against settlement_batch_fills_trade_idx).

CREATE TABLE settlement_marks (
    market_id bigint PRIMARY KEY,
    batched_through bigint NOT NULL,
    CONSTRAINT settlement_marks_batched_through_check CHECK (batched_through >= 0)
);

COMMENT ON TABLE settlement_marks IS
    'per market: every settleable trade numbered up to batched_through is in a (non-split) settlement batch';

-- The marks of an existing database, from the pointers being dropped: just before the market's first settleable
-- trade without a batch, or its last trade when every one has a batch.
INSERT INTO settlement_marks (market_id, batched_through)
SELECT m.market_id, COALESCE(
        (SELECT min(t.trade_number) - 1 FROM trades t
          WHERE t.market_id = m.market_id AND t.settlement_batch_id IS NULL AND t.price_x IS NOT NULL),
        (SELECT max(t.trade_number) FROM trades t WHERE t.market_id = m.market_id),
        0)
FROM markets m;

DROP INDEX trades_unbatched_idx;
ALTER TABLE trades DROP COLUMN settlement_batch_id;

CREATE VIEW trade_batches AS
SELECT f.trade_number, b.batch_number, b.id AS settlement_batch_id, b.status
FROM settlement_batch_fills f
JOIN settlement_batches b ON b.batch_number = f.batch_number
WHERE b.status <> 'split';

COMMENT ON VIEW trade_batches IS
    'the batch that currently settles each batched trade (what trades.settlement_batch_id held until V13)';
