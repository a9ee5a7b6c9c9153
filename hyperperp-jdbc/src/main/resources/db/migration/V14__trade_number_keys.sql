-- Two index entries fewer for every trade the group commit and the settlement store write.
--
-- trades had two unique keys over the same fact: the primary key on id (Ids.trade(trade_number), a UUID made from
-- the number) and trades_trade_number_key. No query looks a trade up by its id (the read routes, recovery,
-- settlement and the collateral store go by trade_number, market_id or address), so the trade number becomes the
-- primary key and the UUID stays a plain column. Ordering by trade_number (the trades route without a market) reads
-- the new primary key exactly as it read trades_trade_number_key.
--
-- settlement_batch_fills_trade_key (batch_number, trade_number) only repeated what the batcher guarantees (a batch
-- lists each trade once; a split child lists its parent's trades once) and served no query: the fills of a batch
-- are read by the primary key (batch_number, position), a trade's batch by settlement_batch_fills_trade_idx.
--
-- Measured on a copy of a benchmark's cluster (docs/benchmarks.md, "Session 13: PostgreSQL"): groups of 56 orders,
-- 28 trades and 28 fills cost the backend 60-80 µs less per transaction, about 1.2 µs per order.

ALTER TABLE trades
    DROP CONSTRAINT trades_pkey,
    DROP CONSTRAINT trades_trade_number_key,
    ADD CONSTRAINT trades_pkey PRIMARY KEY (trade_number);

COMMENT ON COLUMN trades.id IS 'Ids.trade(trade_number); not indexed since V14 (trades are found by number)';

ALTER TABLE settlement_batch_fills DROP CONSTRAINT settlement_batch_fills_trade_key;
