-- Pointing a batch's trades at it (JdbcSettlementStore) updated every trade's settlement_batch_id,
-- which trades_unbatched_idx's predicate named: PostgreSQL could never update such a row in place
-- (HOT), so each pointer wrote a new tuple and an entry in every index of trades, about 25 us of
-- execution per trade. Without the index the update can be HOT: the column is in no index, and the
-- fillfactor leaves room on each page for new versions of some of its rows (as orders' does for
-- amends, V1 and V3; a batch's trades fill whole pages, so only part of them fit, docs/persistence.md).
-- The index served one query, the batcher's resume of unbatched trades at start-up, which now
-- scans trades once instead (measured in docs/persistence.md).
DROP INDEX trades_unbatched_idx;
ALTER TABLE trades SET (fillfactor = 85);
