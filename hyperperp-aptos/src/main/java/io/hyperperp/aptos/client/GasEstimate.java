package io.hyperperp.aptos.client;

/**
 * Gas unit price estimates in octas ({@code GET /estimate_gas_price}).
 *
 * @param deprioritized cheaper, slower
 * @param regular the normal estimate
 * @param prioritized faster inclusion
 */
public record GasEstimate(long deprioritized, long regular, long prioritized) {
}
