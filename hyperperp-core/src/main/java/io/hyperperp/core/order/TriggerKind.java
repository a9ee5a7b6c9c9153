package io.hyperperp.core.order;

/**
 * What a conditional order waits for. A stop triggers when the price moves against the position it
 * protects (buy stop: price ≥ trigger; sell stop: price ≤ trigger); a take-profit the other way
 * (buy: price ≤ trigger; sell: price ≥ trigger).
 */
public enum TriggerKind {
    /** Stop-loss (stop_market, stop_limit). */
    STOP,
    /** Take-profit (take_profit_market, take_profit_limit). */
    TAKE_PROFIT;

    /** True if an order of this kind and side triggers when the price rises to its trigger. */
    public boolean triggersOnRise(Side side) {
        return (this == STOP) == (side == Side.BUY);
    }

    /** The wire order type, e.g. {@code stop_market} or {@code take_profit_limit}. */
    public String wireName(OrderType execution) {
        return (this == STOP ? "stop_" : "take_profit_") + execution.wireName();
    }
}
