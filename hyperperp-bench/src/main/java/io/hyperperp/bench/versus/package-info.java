/**
 * HyperPerp side by side with exchange-core's {@code OrderBookDirectImpl} on the same commands,
 * run by run in one process ({@code hyperperp bench --versus exchange-core}).
 */
package io.hyperperp.bench.versus;
