package io.hyperperp.aptos.sim;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.math.BigInteger;

/**
 * The simulator's coins and {@code vault_coin} ledgers as tests see them, and a wallet: fund
 * accounts, publish a ledger, read balances, sign and submit a payload as a user would.
 */
public final class SimWallets {

    private final SimLedger ledger;
    private final VaultCoinModel vault;

    SimWallets(SimLedger ledger, VaultCoinModel vault) {
        this.ledger = ledger;
        this.vault = vault;
    }

    /** Publishes an empty {@code vault_coin} ledger at the admin's address ({@code init_ledger}). */
    public void initLedger(AccountAddress admin) {
        ledger.locked(() -> {
            vault.initLedger(admin);
            return null;
        });
    }

    /** Gives {@code owner} coins of a type (a faucet), in base units. */
    public void mint(String coinType, AccountAddress owner, BigInteger amount) {
        String type = io.hyperperp.aptos.tx.TypeTag.parse(coinType).toString();
        ledger.locked(() -> {
            vault.mint(type, owner, amount);
            return null;
        });
    }

    /** An account's coins of a type. */
    public BigInteger coinBalance(String coinType, AccountAddress owner) {
        String type = io.hyperperp.aptos.tx.TypeTag.parse(coinType).toString();
        return ledger.locked(() -> vault.coinBalance(type, owner));
    }

    /** A user's entry in the admin's {@code vault_coin} ledger. */
    public BigInteger ledgerBalance(AccountAddress admin, AccountAddress user) {
        return ledger.locked(() -> vault.ledgerBalance(admin, user));
    }

    /** {@code Account.collateral} of {@code user} (deposits less withdrawals; fills never move it). */
    public BigInteger accountCollateral(AccountAddress user) {
        return ledger.locked(() -> vault.accountCollateral(user));
    }

    /**
     * What a wallet does: signs {@code payload} with {@code key} at the account's next sequence
     * number and submits it; returns the transaction hash. The simulator validates it like any
     * submission (account, authentication key, signature, chain id).
     */
    public String submitAs(io.hyperperp.aptos.crypto.Ed25519PrivateKey key, io.hyperperp.aptos.tx.EntryFunction payload) {
        AccountAddress sender = key.publicKey().accountAddress();
        long seq = ledger.sequenceNumber(sender) + ledger.mempoolSize(sender);
        SignedTransaction txn = new io.hyperperp.aptos.tx.RawTransaction(sender, seq, payload, 100_000, 100,
                ledger.ledgerMicros() / 1_000_000L + 60, ledger.chainId()).sign(key);
        SimLedger.Verdict v = ledger.submit(txn, false, -1);
        if (!v.isAccepted()) {
            throw new IllegalStateException("not accepted: " + v.message());
        }
        return txn.hash();
    }
}
