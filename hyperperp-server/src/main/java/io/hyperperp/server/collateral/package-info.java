/**
 * Collateral deposits as the server sees them: the mirror of the contract's pooled ledger entries
 * ({@link io.hyperperp.server.collateral.DepositLedger}), credited exactly once per deposit id (a
 * transaction hash for deposits on chain), and the chain side that verifies and observes deposits
 * through the node's REST API ({@link io.hyperperp.server.collateral.ChainCollateral}). Collateral
 * that has not been verified is never credited.
 */
package io.hyperperp.server.collateral;
