-- The group commit writes orders, trades and positions at tens of thousands of rows per second. A
-- foreign key to markets costs a trigger and a lookup of the markets row for every one of them (it
-- halved the speed of order inserts), and it guards nothing the writer does not already guarantee:
-- the commit hook inserts a market in the same transaction before its first order, trade or
-- position, and markets are never deleted. The foreign keys of settlement tables stay.
ALTER TABLE orders DROP CONSTRAINT orders_market_id_fkey;
ALTER TABLE trades DROP CONSTRAINT trades_market_id_fkey;
ALTER TABLE positions DROP CONSTRAINT positions_market_id_fkey;
