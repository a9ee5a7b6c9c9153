package io.hyperperp.core.engine;

/**
 * One aggregated price level.
 *
 * @param price      scaled price
 * @param size       total open size, scaled
 * @param orderCount number of orders
 */
public record DepthLevel(long price, long size, int orderCount) {
}
