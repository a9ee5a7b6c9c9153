-- Saving a settlement batch is one statement that inserts the batch, its fills and points their trades
-- at it (JdbcSettlementStore.save). Its foreign keys cost one trigger and one lookup per fill and per
-- trade, 40% of that statement's time, and guard nothing that statement does not already guarantee:
-- the fills and the pointers are written only together with the batch row they reference, trades
-- are written by the group commit before any batch can hold them, and neither batches nor trades
-- are ever deleted. Same reasoning as V4 for the market foreign keys of the hot tables.
ALTER TABLE settlement_batches DROP CONSTRAINT settlement_batches_market_id_fkey;
ALTER TABLE settlement_batch_fills DROP CONSTRAINT settlement_batch_fills_batch_number_fkey;
ALTER TABLE settlement_batch_fills DROP CONSTRAINT settlement_batch_fills_trade_number_fkey;
ALTER TABLE trades DROP CONSTRAINT trades_settlement_batch_id_fkey;
