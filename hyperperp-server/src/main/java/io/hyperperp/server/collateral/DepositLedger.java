package io.hyperperp.server.collateral;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collateral deposited per user, in the coin's base units (6 decimals for USDC), credited exactly
 * once per deposit id: the transaction hash of a deposit on chain, or the id of an admin deposit.
 * It mirrors the deposits into the user's entry in the contract's pooled ledger. A deposit on chain
 * is stored (see {@link #attach}) before the engine hears of it, an admin deposit after the engine
 * booked it; either way a restart completes the side a crash left out, so it neither loses the
 * deposits nor which order a deposit confirmed. Thread-safe.
 */
public final class DepositLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DepositLedger.class);

    /** A credited deposit: who, how much, and what it was used for (a freeze's order id, or null). */
    record Credit(String user, BigInteger amount, String usedFor) {
    }

    /** Told of every new credit, after it is booked here (the engine's risk accounts follow it). */
    public interface Listener {
        /** A deposit credited for the first time. */
        void credited(String depositId, String user, BigInteger amount);
    }

    private final Map<String, Credit> credits = new HashMap<>();
    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Listener listener;
    private volatile CollateralStore store = CollateralStore.inMemory();

    /** A ledger that tells {@code listener} of each new credit. */
    public DepositLedger(Listener listener) {
        this.listener = listener;
    }

    /** A ledger nobody listens to. */
    public DepositLedger() {
        this((id, user, amount) -> { });
    }

    /**
     * Keeps the credits in {@code store} from now on and loads those it holds (a restart). The
     * engine books deposits durably, so the listener is told again only of those it never booked.
     */
    public void attach(CollateralStore newStore) {
        List<CollateralStore.Credit> unbooked = newStore.creditsNotBooked();
        List<CollateralStore.Credit> bookedOnly = newStore.adminDepositsNotCredited();
        synchronized (this) {
            this.store = newStore;
            for (CollateralStore.Credit c : newStore.credits()) {
                if (!credits.containsKey(c.depositId())) {
                    credits.put(c.depositId(), new Credit(c.user(), c.amount(), c.usedFor()));
                    balances.merge(c.user(), c.amount(), BigInteger::add);
                }
            }
        }
        for (CollateralStore.Credit c : bookedOnly) {
            // The engine holds this collateral: the ledger follows it (as the route would have after the commit).
            LOG.warn("Crediting admin deposit {} ({} base units for {}): the engine booked it, the seed's ledger"
                    + " had not stored it (a stop between the two)", c.depositId(), c.amount(), c.user());
            record(c.depositId(), c.user(), c.amount(), null);
        }
        for (CollateralStore.Credit c : unbooked) {
            listener.credited(c.depositId(), c.user(), c.amount());
        }
    }

    /**
     * Credits a deposit once: true when {@code depositId} was new, false (and nothing changes) when it
     * was credited before.
     */
    public boolean credit(String depositId, String user, BigInteger amount, String usedFor) {
        if (!record(depositId, user, amount, usedFor)) {
            return false;
        }
        listener.credited(depositId, user, amount);
        return true;
    }

    /**
     * Credits, once, a deposit the engine has already booked (an admin deposit, which the engine decides
     * first): as {@link #credit}, without telling the listener, whose work is done.
     */
    public boolean creditBooked(String depositId, String user, BigInteger amount) {
        return record(depositId, user, amount, null);
    }

    private boolean record(String depositId, String user, BigInteger amount, String usedFor) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("negative deposit");
        }
        synchronized (this) {
            if (credits.containsKey(depositId)) {
                return false;
            }
            store.insertCredit(new CollateralStore.Credit(depositId, user, amount, usedFor));
            credits.put(depositId, new Credit(user, amount, usedFor));
            balances.merge(user, amount, BigInteger::add);
        }
        return true;
    }

    /**
     * Marks a credited deposit as used to confirm {@code orderId}: true when it was unused or already
     * used for that same order (a retried confirm), false when another order used it.
     */
    public synchronized boolean use(String depositId, String orderId) {
        Credit c = credits.get(depositId);
        if (c == null) {
            return false;
        }
        if (c.usedFor() == null) {
            store.markUsed(depositId, orderId);
            credits.put(depositId, new Credit(c.user(), c.amount(), orderId));
            return true;
        }
        return c.usedFor().equals(orderId);
    }

    /** The order a deposit confirmed, if any. */
    public synchronized Optional<String> usedFor(String depositId) {
        Credit c = credits.get(depositId);
        return c == null ? Optional.empty() : Optional.ofNullable(c.usedFor());
    }

    /** True when the deposit id was credited. */
    public synchronized boolean isCredited(String depositId) {
        return credits.containsKey(depositId);
    }

    /** A user's deposited collateral, base units. */
    public synchronized BigInteger balance(String user) {
        return balances.getOrDefault(user, BigInteger.ZERO);
    }
}
