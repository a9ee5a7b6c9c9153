package io.hyperperp.jdbc.engine;

import org.jdbi.v3.core.Handle;

/**
 * Refuses to start when {@code trades} holds a trade numbered past {@code engine_state.last_trade_number}. The group
 * commit writes a group's trades and moves the counter in one transaction, so the highest stored trade is never
 * past it; when it is ({@code engine_state} moved back, a row inserted by hand), the engine would number its next
 * trade as a stored one, and that group's commit would fail on the trade's key at every retry, holding every
 * command behind it. Start-up names it instead. One look at the primary key's end, whatever the table's size.
 */
final class TradeNumberCheck {

    private TradeNumberCheck() {
    }

    /**
     * @param h               the recovery's transaction
     * @param lastTradeNumber {@code engine_state.last_trade_number} read in it
     * @throws IllegalStateException naming both numbers when a stored trade is past the counter
     */
    static void requireNotAhead(Handle h, long lastTradeNumber) {
        Long highest = h.createQuery("SELECT max(trade_number) FROM trades").mapTo(Long.class).one();
        if (highest != null && highest > lastTradeNumber) {
            throw new IllegalStateException("damaged state in the database: table trades holds trade_number "
                    + highest + " but engine_state.last_trade_number is " + lastTradeNumber + ": the next trade"
                    + " would reuse a stored number; refusing to start on it");
        }
    }
}
