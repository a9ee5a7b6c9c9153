package io.hyperperp.server.backend;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.Side;

/**
 * One trade as the history keeps it.
 *
 * @param tradeId      trade number
 * @param sequence     event sequence of the fill
 * @param timestamp    command timestamp, microseconds
 * @param marketId     market
 * @param price        scaled price
 * @param size         scaled size
 * @param takerSide    taker's side
 * @param takerOrderId taker order number
 * @param makerOrderId maker order number
 * @param taker        taker address
 * @param maker        maker address
 * @param takerFee     scaled quote
 * @param makerFee     scaled quote (negative = rebate)
 */
public record TradeRecord(long tradeId, long sequence, long timestamp, long marketId, long price, long size,
                          Side takerSide, long takerOrderId, long makerOrderId, String taker, String maker,
                          long takerFee, long makerFee) {

    /** The record of a fill event. */
    public static TradeRecord of(EngineEvent.Fill f) {
        return new TradeRecord(f.tradeId(), f.sequence(), f.timestamp(), f.marketId(), f.price(), f.size(),
                f.takerSide(), f.taker().orderId(), f.maker().orderId(), f.taker().userAddress(),
                f.maker().userAddress(), f.takerFee(), f.makerFee());
    }
}
