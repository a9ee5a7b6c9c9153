package io.hyperperp.aptos.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import java.math.BigInteger;

/**
 * A committed, successful {@code vault_coin::deposit} into the admin's ledger.
 *
 * @param hash    transaction hash (lower case): the deposit's identity, credited at most once
 * @param version ledger version
 * @param user    the depositor (the transaction's sender)
 * @param amount  base units of the coin (6 decimals for USDC)
 */
public record ChainDeposit(String hash, long version, AccountAddress user, BigInteger amount) {
}
