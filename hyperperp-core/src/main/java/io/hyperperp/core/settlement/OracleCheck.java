package io.hyperperp.core.settlement;

import java.lang.System.Logger.Level;
import java.util.OptionalLong;

/** The reference-price check of a sealed batch: a fill too far from the oracle's price holds the batch. */
final class OracleCheck {

    private static final System.Logger LOG = System.getLogger(OracleCheck.class.getName());

    private final PriceOracle oracle;
    private final int maxSlippageBps;

    /** @param oracle may be null: no check */
    OracleCheck(PriceOracle oracle, int maxSlippageBps) {
        this.oracle = oracle;
        this.maxSlippageBps = maxSlippageBps;
    }

    /**
     * Why the batch must be held, or null when it may go on (no oracle, no reference price, or the
     * oracle failing: a broken oracle must not stop settlement).
     */
    String deviation(SettlementBatch batch) {
        if (oracle == null) {
            return null;
        }
        OptionalLong reference;
        try {
            reference = oracle.referencePriceX(batch.marketId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "price oracle failed for market " + batch.marketId()
                    + "; batch " + batch.batchId() + " goes on without the reference check", e);
            return null;
        }
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        for (SettlementFill fill : batch.fills()) {
            if (SettlementPrices.deviates(fill.priceX(), reference.getAsLong(), maxSlippageBps)) {
                return "PRICE_DEVIATION: trade " + fill.tradeId() + " price_x " + fill.priceX()
                        + " is more than " + maxSlippageBps + " bps from the oracle's " + reference.getAsLong();
            }
        }
        return null;
    }
}
