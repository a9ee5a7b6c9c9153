package io.hyperperp.core.engine;

/**
 * A user's net position in one market, as the engine keeps it from fills.
 *
 * @param userAddress user
 * @param marketId    market
 * @param size        signed scaled size: positive long, negative short
 */
public record Position(String userAddress, long marketId, long size) {
}
