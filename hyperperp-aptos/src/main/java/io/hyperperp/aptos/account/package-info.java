/**
 * Aptos account addresses: {@link io.hyperperp.aptos.account.AccountAddress} with AIP-40
 * formatting and lenient parsing.
 */
package io.hyperperp.aptos.account;
