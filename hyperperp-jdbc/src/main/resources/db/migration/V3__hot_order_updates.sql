-- Amends (most of the order traffic) change an order's price, sizes and priority sequence. With
-- those columns in an index every amend rewrote index entries; without them PostgreSQL can update
-- the row in place (a HOT update, helped by the table's fillfactor). Recovery sorts open orders by
-- priority in memory, so it only needs to find them.
DROP INDEX orders_open_book_idx;
CREATE INDEX orders_open_idx ON orders (market_id) WHERE status IN ('pending', 'partially_filled');
