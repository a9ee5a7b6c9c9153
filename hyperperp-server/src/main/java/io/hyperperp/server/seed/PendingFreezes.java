package io.hyperperp.server.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.server.collateral.CollateralStore;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Orders waiting for their deposit after {@code POST /orders/freeze}, by the {@code order_id} the
 * freeze answered, for at most {@link #TTL_MILLIS} and at most {@link #MAX_PENDING} at once (the
 * oldest go first). Each is stored (a restart between freeze and confirm loses none) and, once
 * confirmed, stays stored as the owner of its order id. Thread-safe.
 */
final class PendingFreezes {

    /** How long a freeze waits for its confirm. */
    static final long TTL_MILLIS = 15L * 60 * 1000;
    /** Most freezes waiting at once. */
    static final int MAX_PENDING = 100_000;

    /**
     * A frozen order.
     *
     * @param orderId         the id the freeze answered (and the order keeps)
     * @param user            the engine's key of the user
     * @param order           the native place body
     * @param required        base units the deposit must pay at least (0 without a chain)
     * @param expiresAtMillis wall-clock time it lapses, epoch milliseconds
     */
    record Freeze(String orderId, String user, ObjectNode order, BigInteger required, long expiresAtMillis) {
    }

    private final Map<String, Freeze> pending = new LinkedHashMap<>();
    private final CollateralStore store;

    /**
     * The freezes {@code store} holds: waiting ones come back, and every id's owner is told to
     * {@code owners}; {@code parse} reads a stored order body.
     */
    PendingFreezes(CollateralStore store, Function<String, ObjectNode> parse, BiConsumer<String, String> owners) {
        this.store = store;
        long now = System.currentTimeMillis();
        for (CollateralStore.Freeze f : store.freezes()) {
            owners.accept(f.orderId(), f.user());
            if (!f.confirmed() && f.expiresAtMillis() > now) {
                pending.put(f.orderId(), new Freeze(f.orderId(), f.user(), parse.apply(f.orderJson()), f.required(),
                        f.expiresAtMillis()));
            } else if (!f.confirmed()) {
                store.deleteFreeze(f.orderId());
            }
        }
    }

    /** A freeze made now, lapsing after {@link #TTL_MILLIS}. */
    static Freeze now(String orderId, String user, ObjectNode order, BigInteger required) {
        return new Freeze(orderId, user, order, required, System.currentTimeMillis() + TTL_MILLIS);
    }

    synchronized void add(Freeze f) {
        expire(System.currentTimeMillis());
        if (pending.size() >= MAX_PENDING) {
            Iterator<String> oldest = pending.keySet().iterator();
            store.deleteFreeze(oldest.next());
            oldest.remove();
        }
        store.saveFreeze(new CollateralStore.Freeze(f.orderId(), f.user(), f.order().toString(), f.required(),
                f.expiresAtMillis(), false));
        pending.put(f.orderId(), f);
    }

    synchronized Optional<Freeze> get(String orderId) {
        expire(System.currentTimeMillis());
        return Optional.ofNullable(pending.get(orderId));
    }

    /** The freeze's order was placed. */
    synchronized void confirmed(String orderId) {
        store.confirmFreeze(orderId);
        pending.remove(orderId);
    }

    private void expire(long now) {
        for (Iterator<Freeze> it = pending.values().iterator(); it.hasNext(); ) {
            Freeze f = it.next();
            if (f.expiresAtMillis() <= now) {
                store.deleteFreeze(f.orderId());
                it.remove();
            } else {
                return;
            }
        }
    }
}
