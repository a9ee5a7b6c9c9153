package io.hyperperp.bench;

/**
 * Shape of the {@link MixedWorkload}. Percentages are of the measured commands and must add up to 100.
 *
 * @param seed             random seed; the same config gives the same commands
 * @param measuredCommands number of commands after the warm-up
 * @param users            number of distinct users
 * @param targetOrders     resting orders the book is kept around (also the warm-up size)
 * @param rangeTicks       resting prices lie within this many ticks of the mid on each side
 * @param gtcPercent       share of good-til-cancelled limit orders (rest on the book)
 * @param iocPercent       share of immediate-or-cancel orders at the best opposite price (trade)
 * @param cancelPercent    share of cancels of a live order
 * @param amendPercent     share of price amends of a live order
 * @param tradePercent     target share of measured commands that produce at least one fill
 */
public record WorkloadConfig(long seed, int measuredCommands, int users, int targetOrders, int rangeTicks,
                             int gtcPercent, int iocPercent, int cancelPercent, int amendPercent,
                             double tradePercent) {

    /** Checks the numbers. */
    public WorkloadConfig {
        if (measuredCommands < 0 || users <= 0 || targetOrders <= 0 || rangeTicks <= 0) {
            throw new IllegalArgumentException("counts must be positive");
        }
        if (gtcPercent < 0 || iocPercent < 0 || cancelPercent < 0 || amendPercent < 0
                || gtcPercent + iocPercent + cancelPercent + amendPercent != 100) {
            throw new IllegalArgumentException("the command shares must be non-negative and add up to 100");
        }
        if (tradePercent < 0 || tradePercent > 100) {
            throw new IllegalArgumentException("tradePercent must be in [0, 100]");
        }
    }

    /**
     * The exchange-core style mix: 1,000 users, ~1,000 resting orders over ~750 levels (±800 ticks),
     * 9% GTC, 3% IOC, 6% cancel, 82% amend, ~6% of commands trading.
     */
    public static WorkloadConfig exchangeCoreMix(long seed, int measuredCommands) {
        return new WorkloadConfig(seed, measuredCommands, 1_000, 1_000, 800, 9, 3, 6, 82, 6.0);
    }
}
