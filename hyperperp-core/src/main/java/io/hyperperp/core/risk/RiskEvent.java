package io.hyperperp.core.risk;

/**
 * A change to an account that is not a fill: collateral in or out, leverage, funding, and the steps
 * of a liquidation. Amounts are collateral units ({@link RiskSettings#collateralDecimals()}); sizes
 * and prices are scaled like the market's.
 *
 * @param kind        what happened
 * @param userAddress the account
 * @param marketId    the market, or -1 for account-wide kinds (deposit, withdrawal, liquidated)
 * @param size        leverage for {@link Kind#LEVERAGE_SET}; the position for {@link Kind#FUNDING};
 *                    the size moved (positive: the account bought) for {@link Kind#TAKEOVER} and {@link Kind#ADL}
 * @param price       mark for {@link Kind#FUNDING}; the bankruptcy price for takeovers and ADL
 * @param amount      deposited / withdrawn; funding paid (negative: received); liquidation fee;
 *                    equity for {@link Kind#ACCOUNT_LIQUIDATED}; cash paid for takeovers and ADL
 *                    (negative: received)
 * @param margin      maintenance margin for {@link Kind#ACCOUNT_LIQUIDATED}, otherwise 0
 * @param counterparty the other account of a takeover, ADL or liquidation fee, or null
 * @param reference   the deposit id, the trade number of a liquidation fill, or null
 * @param collateral  the account's collateral after the change
 */
public record RiskEvent(Kind kind, String userAddress, long marketId, long size, long price, long amount,
                        long margin, String counterparty, String reference, long collateral) {

    /** No market. */
    public static final long NO_MARKET = -1;

    /** The kinds of account events. */
    public enum Kind {
        /** Collateral arrived (once per deposit id). */
        DEPOSIT,
        /** Collateral left. */
        WITHDRAWAL,
        /** The account chose a leverage for a market. */
        LEVERAGE_SET,
        /** A funding payment: positive amount paid, negative received (the insurance fund gets the rounding). */
        FUNDING,
        /** The account fell below maintenance margin; its orders are cancelled and positions closed next. */
        ACCOUNT_LIQUIDATED,
        /** A liquidation fill's fee, paid by the liquidated account to the insurance fund. */
        LIQUIDATION_FEE,
        /** The insurance fund took over what the book could not absorb, at the bankruptcy price. */
        TAKEOVER,
        /** Auto-deleveraging: an opposite position took over part of the remainder at the bankruptcy price. */
        ADL
    }
}
