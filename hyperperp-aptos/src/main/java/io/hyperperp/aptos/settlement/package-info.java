/**
 * The Aptos {@link io.hyperperp.core.settlement.SettlementSink}:
 * {@link io.hyperperp.aptos.settlement.AptosSettlementSink} (sequence numbers, in-flight window,
 * record-before-send, resend by hash, expiry-based rebuild, abort classification),
 * {@link io.hyperperp.aptos.settlement.AptosSettings} ({@code HYPERPERP_APTOS__*}),
 * {@link io.hyperperp.aptos.settlement.AptosStartupChecks} (chain id, admin key, contract ABI) and
 * {@link io.hyperperp.aptos.settlement.SettlementTransactions} (the signed transactions of a batch,
 * shared with the CLI).
 */
package io.hyperperp.aptos.settlement;
