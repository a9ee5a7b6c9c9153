/**
 * Fullnode REST client.
 *
 * <p>{@link io.hyperperp.aptos.client.AptosClient} covers ledger info, accounts, gas estimates,
 * module ABIs, simulation, submission and transaction lookup. Failures are
 * {@link io.hyperperp.aptos.client.AptosException}s whose {@link io.hyperperp.aptos.client.ErrorKind}
 * distinguishes {@code vm_error}, {@code sequence_number_too_old}, {@code invalid_transaction_update},
 * {@code mempool_is_full} (507), {@code transaction_not_found} (404), rate limiting (429 with
 * {@code Retry-After}), server errors, network failures and timeouts. Committed aborts are read with
 * {@link io.hyperperp.aptos.client.TransactionStatus.Committed#moveAbort()}.
 */
package io.hyperperp.aptos.client;
