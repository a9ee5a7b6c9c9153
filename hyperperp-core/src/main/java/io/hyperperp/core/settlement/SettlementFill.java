package io.hyperperp.core.settlement;

import io.hyperperp.core.order.Side;

/**
 * One fill as the chain settles it: the fields of {@code perp_engine::BatchFill} plus the trade
 * number and the real taker side (the deployed contract assumes the taker is long; the local
 * ledger and the records keep the truth).
 *
 * @param tradeId   the engine's trade number
 * @param taker     taker address
 * @param maker     maker address
 * @param marketId  market id (u64)
 * @param size      size in the market's base units (the engine's scaled size; u128 on chain)
 * @param priceX    price × 10^8 exactly ({@code PX_SCALE})
 * @param feeBps    fee rate charged to the taker, basis points
 * @param ts        trade time in seconds
 * @param takerSide the taker's side
 */
public record SettlementFill(long tradeId, String taker, String maker, long marketId, long size, long priceX,
                             long feeBps, long ts, Side takerSide) {

    /** Checks ranges: everything is unsigned on chain. */
    public SettlementFill {
        if (tradeId <= 0 || size <= 0 || priceX <= 0 || feeBps < 0 || ts < 0 || marketId < 0) {
            throw new IllegalArgumentException("invalid settlement fill for trade " + tradeId);
        }
        if (taker == null || maker == null || takerSide == null) {
            throw new IllegalArgumentException("taker, maker and taker side are required (trade " + tradeId + ")");
        }
    }
}
