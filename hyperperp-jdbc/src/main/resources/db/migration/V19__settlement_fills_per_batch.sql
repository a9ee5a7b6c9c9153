-- A settlement batch's fills as one row per batch instead of one row per fill.
--
-- Until V18 settlement_batch_fills held a row per fill (100 per batch in the server), each with two index entries
-- (the primary key (batch_number, position) and settlement_batch_fills_trade_idx): half of the settlement store's
-- PostgreSQL CPU per batch (docs/benchmarks.md, "Session 20: PostgreSQL, the tables and the settlement store").
-- A batch's fills are written once, with the batch, and never change (a split makes new batches), so they are now
-- one row of settlement_fill_sets: one array per fill column, in the batch's fill order, and the range of the
-- batch's trade numbers. A trade's batch is found through that range (a GiST index answers "the ranges containing
-- this trade number") and the trade number's presence in the batch's array: the batches of other markets whose
-- ranges interleave with it are filtered out by the array.
--
-- A fill's market is its batch's (the batcher makes one batch per market), so it is not repeated per fill.
--
-- The rows of an existing database are converted here, in position order. settlement_batch_fills and trade_batches
-- stay as views, with the columns they had, for operators' queries: they unnest every batch, so a program reads
-- settlement_fill_sets through its keys instead.

CREATE TABLE settlement_fill_sets (
    batch_number  bigint    PRIMARY KEY,
    trade_range   int8range NOT NULL,
    trade_numbers bigint[]  NOT NULL,
    takers        text[]    NOT NULL,
    makers        text[]    NOT NULL,
    sizes         bigint[]  NOT NULL,
    prices_x      bigint[]  NOT NULL,
    fee_bps       bigint[]  NOT NULL,
    ts            bigint[]  NOT NULL,
    taker_sides   text[]    NOT NULL,
    -- What the per-fill NOT NULL columns guaranteed: every array has an element per fill.
    CONSTRAINT settlement_fill_sets_lengths_check CHECK (
        cardinality(trade_numbers) > 0
        AND cardinality(takers) = cardinality(trade_numbers) AND cardinality(makers) = cardinality(trade_numbers)
        AND cardinality(sizes) = cardinality(trade_numbers) AND cardinality(prices_x) = cardinality(trade_numbers)
        AND cardinality(fee_bps) = cardinality(trade_numbers) AND cardinality(ts) = cardinality(trade_numbers)
        AND cardinality(taker_sides) = cardinality(trade_numbers)),
    CONSTRAINT settlement_fill_sets_taker_sides_check CHECK (taker_sides <@ ARRAY['buy', 'sell'])
);

COMMENT ON TABLE settlement_fill_sets IS
    'the fills of each batch exactly as sealed (SettlementFill), one array per column in fill order; a split parent'
    ' keeps its row, its trades move to the children';
COMMENT ON COLUMN settlement_fill_sets.trade_range IS 'from the lowest to the highest of trade_numbers, inclusive';
COMMENT ON COLUMN settlement_fill_sets.sizes IS 'scaled sizes in base units, as on chain';
COMMENT ON COLUMN settlement_fill_sets.ts IS 'trade times, seconds';

CREATE INDEX settlement_fill_sets_trade_range_idx ON settlement_fill_sets USING gist (trade_range);

-- A fill whose market is not its batch's cannot be kept (a fill's market is its batch's from here on).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM settlement_batch_fills f
               LEFT JOIN settlement_batches b ON b.batch_number = f.batch_number
               WHERE b.market_id IS DISTINCT FROM f.market_id) THEN
        RAISE EXCEPTION 'settlement_batch_fills has a fill whose market is not its batch''s (or whose batch is'
            ' missing); V19 keeps a fill''s market only on its batch';
    END IF;
END $$;

INSERT INTO settlement_fill_sets (batch_number, trade_range, trade_numbers, takers, makers, sizes, prices_x, fee_bps,
                                  ts, taker_sides)
SELECT batch_number, int8range(min(trade_number), max(trade_number), '[]'),
       array_agg(trade_number ORDER BY position), array_agg(taker ORDER BY position),
       array_agg(maker ORDER BY position), array_agg(size ORDER BY position), array_agg(price_x ORDER BY position),
       array_agg(fee_bps ORDER BY position), array_agg(ts ORDER BY position), array_agg(taker_side ORDER BY position)
FROM settlement_batch_fills
GROUP BY batch_number;

DROP VIEW trade_batches;
DROP TABLE settlement_batch_fills;

CREATE VIEW settlement_batch_fills AS
SELECT s.batch_number, (f.n - 1)::integer AS position, f.trade_number, f.taker, f.maker, b.market_id, f.size,
       f.price_x, f.fee_bps, f.ts, f.taker_side
FROM settlement_fill_sets s
JOIN settlement_batches b ON b.batch_number = s.batch_number
CROSS JOIN LATERAL unnest(s.trade_numbers, s.takers, s.makers, s.sizes, s.prices_x, s.fee_bps, s.ts, s.taker_sides)
    WITH ORDINALITY AS f(trade_number, taker, maker, size, price_x, fee_bps, ts, taker_side, n);

COMMENT ON VIEW settlement_batch_fills IS
    'settlement_fill_sets a fill a row (what the table of that name held until V18), position from 0; for reading';

CREATE VIEW trade_batches AS
SELECT f.trade_number, b.batch_number, b.id AS settlement_batch_id, b.status
FROM settlement_fill_sets s
JOIN settlement_batches b ON b.batch_number = s.batch_number
CROSS JOIN LATERAL unnest(s.trade_numbers) AS f(trade_number)
WHERE b.status <> 'split';

COMMENT ON VIEW trade_batches IS
    'the batch that currently settles each batched trade (what trades.settlement_batch_id held until V13)';
