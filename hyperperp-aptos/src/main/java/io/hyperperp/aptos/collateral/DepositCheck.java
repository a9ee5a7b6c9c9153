package io.hyperperp.aptos.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.UserTransaction;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Whether a committed transaction is a deposit into the admin's ledger: successful, calling
 * {@code contract::vault_coin::deposit<coin type>(admin, amount)}. Addresses are compared as 32
 * bytes, whatever form the node writes them in.
 */
public final class DepositCheck {

    /** Why a transaction is not an acceptable deposit. */
    public enum Problem {
        /** It did not execute successfully. */
        FAILED,
        /** It calls another function, another coin type or pays another ledger. */
        NOT_A_DEPOSIT,
        /** Another account sent it. */
        WRONG_SENDER,
        /** It paid less than required. */
        TOO_SMALL
    }

    private final VaultCoin vault;

    /** Checks against this contract, admin and coin. */
    public DepositCheck(VaultCoin vault) {
        this.vault = vault;
    }

    /** The deposit, if the transaction is one; {@code empty} otherwise. */
    public Optional<ChainDeposit> deposit(UserTransaction t) {
        return problem(t, null, BigInteger.ZERO).isPresent() ? Optional.empty() : Optional.of(toDeposit(t));
    }

    /**
     * The first problem of a transaction offered as a deposit of at least {@code minimum} by
     * {@code sender} (any sender when null), or empty when it is acceptable.
     */
    public Optional<Problem> problem(UserTransaction t, AccountAddress sender, BigInteger minimum) {
        if (!t.success()) {
            return Optional.of(Problem.FAILED);
        }
        if (!isDepositCall(t)) {
            return Optional.of(Problem.NOT_A_DEPOSIT);
        }
        if (sender != null && !sender.equals(t.sender())) {
            return Optional.of(Problem.WRONG_SENDER);
        }
        if (amount(t).compareTo(minimum) < 0) {
            return Optional.of(Problem.TOO_SMALL);
        }
        return Optional.empty();
    }

    /** The deposit a checked transaction makes. */
    public ChainDeposit toDeposit(UserTransaction t) {
        return new ChainDeposit(t.hash().toLowerCase(java.util.Locale.ROOT), t.version(), t.sender(), amount(t));
    }

    private boolean isDepositCall(UserTransaction t) {
        String[] parts = t.function().split("::", -1);
        if (parts.length != 3 || !parts[1].equals(VaultCoin.MODULE) || !parts[2].equals(VaultCoin.DEPOSIT)
                || t.typeArguments().size() != 1 || t.arguments().size() != 2) {
            return false;
        }
        try {
            return AccountAddress.parse(parts[0]).equals(vault.contract())
                    && sameType(t.typeArguments().get(0), vault.coinType())
                    && AccountAddress.parse(t.arguments().get(0)).equals(vault.admin())
                    && amount(t).signum() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Type names compared with their addresses as 32 bytes ({@code 0x1::a::B} = {@code 0x0...01::a::B}). */
    private static boolean sameType(String a, String b) {
        String[] x = a.split("::", 2);
        String[] y = b.split("::", 2);
        return x.length == 2 && y.length == 2 && x[1].equals(y[1])
                && AccountAddress.parse(x[0]).equals(AccountAddress.parse(y[0]));
    }

    private static BigInteger amount(UserTransaction t) {
        String text = t.arguments().get(1);
        if (!text.matches("[0-9]{1,39}")) {
            throw new IllegalArgumentException("amount is not a u128");
        }
        return new BigInteger(text);
    }
}
