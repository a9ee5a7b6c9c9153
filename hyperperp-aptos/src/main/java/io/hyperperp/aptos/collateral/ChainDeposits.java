package io.hyperperp.aptos.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import io.hyperperp.aptos.client.UserTransaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deposits read from the node's REST API: one by hash (a wallet's deposit offered to confirm an
 * order) and all of them by scanning committed transactions in version order (the observer).
 * Only committed, successful transactions count; nothing here credits anything.
 */
public final class ChainDeposits {

    /** The outcome of verifying a hash. */
    public sealed interface Verification {
        /** A deposit that satisfies every condition. */
        record Verified(ChainDeposit deposit) implements Verification {
        }

        /** Committed, but not acceptable. */
        record Refused(DepositCheck.Problem problem) implements Verification {
        }

        /** Not committed yet (pending in mempool). */
        record Pending() implements Verification {
        }

        /** The node does not know the hash. */
        record NotFound() implements Verification {
        }
    }

    /**
     * Deposits found on a page of transactions.
     *
     * @param deposits    deposits in version order
     * @param nextVersion where the next scan starts
     */
    public record Scan(List<ChainDeposit> deposits, long nextVersion) {
        /** Copies the list. */
        public Scan {
            deposits = List.copyOf(deposits);
        }
    }

    private final AptosClient client;
    private final DepositCheck check;

    /** Reads through {@code client}, checking against {@code vault}. */
    public ChainDeposits(AptosClient client, VaultCoin vault) {
        this.client = client;
        this.check = new DepositCheck(vault);
    }

    /**
     * Verifies that {@code hash} is a committed, successful deposit into the admin's ledger sent by
     * {@code sender} of at least {@code minimum} base units.
     *
     * @throws AptosException when the node cannot be asked (unavailable, rate limited, ...)
     */
    public Verification verify(String hash, AccountAddress sender, BigInteger minimum) {
        Optional<UserTransaction> t;
        try {
            t = client.userTransactionByHash(hash);
        } catch (AptosException e) {
            if (e.kind() == ErrorKind.TRANSACTION_NOT_FOUND) {
                return new Verification.NotFound();
            }
            throw e;
        }
        if (t.isEmpty()) {
            return new Verification.Pending();
        }
        Optional<DepositCheck.Problem> problem = check.problem(t.get(), sender, minimum);
        return problem.<Verification>map(Verification.Refused::new)
                .orElseGet(() -> new Verification.Verified(check.toDeposit(t.get())));
    }

    /** The deposits among up to {@code limit} committed transactions from version {@code from}. */
    public Scan scan(long from, int limit) {
        UserTransaction.Page page = client.transactions(from, limit);
        List<ChainDeposit> out = new ArrayList<>();
        for (UserTransaction t : page.users()) {
            check.deposit(t).ifPresent(out::add);
        }
        return new Scan(out, page.nextVersion());
    }
}
