/**
 * Collateral on chain through the HyperPerp contract's pooled ledger ({@code vault_coin}): the
 * {@code deposit} payload a wallet signs (the seed's "freeze"), verification of a committed deposit
 * by hash, a scanner that observes deposits from the node's REST API, and the
 * {@code withdraw_for} transaction the admin sends. See docs/onchain.md.
 */
package io.hyperperp.aptos.collateral;
