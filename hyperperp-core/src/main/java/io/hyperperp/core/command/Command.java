package io.hyperperp.core.command;

/**
 * An instruction to the matching engine. Every command carries the time it was issued (in
 * microseconds since the epoch) and the address of the user issuing it; the engine never reads a
 * clock, so the same commands always give the same events.
 */
public sealed interface Command
        permits PlaceOrder, CancelOrder, CancelAll, AmendOrder, PlaceConditionalOrder, AmendConditionalOrder,
        UpdateMarkPrice, Deposit, Withdraw, SetLeverage, ApplyFunding, AdvanceTime {

    /** Issue time in microseconds since the epoch. */
    long timestamp();

    /** The user's canonical account address (e.g. {@code 0xa11ce}). */
    String userAddress();

    /**
     * The wire name of the command ({@code place}, {@code cancel}, {@code cancel_all}, {@code amend},
     * {@code update_mark_price}, {@code deposit}, {@code withdraw}, {@code set_leverage}, {@code apply_funding},
     * {@code advance_time}).
     */
    String op();
}
