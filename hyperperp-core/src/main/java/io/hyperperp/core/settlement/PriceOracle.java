package io.hyperperp.core.settlement;

import java.util.OptionalLong;

/** Supplies a reference price per market, used to hold back batches with suspicious fills. */
@FunctionalInterface
public interface PriceOracle {

    /** The reference price × 10^8 for a market, or empty when unknown. */
    OptionalLong referencePriceX(long marketId);
}
