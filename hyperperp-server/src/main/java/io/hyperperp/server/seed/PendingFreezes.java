package io.hyperperp.server.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Orders waiting for their deposit after {@code POST /orders/freeze}, by the {@code order_id} the
 * freeze answered, for at most {@link #TTL_NANOS} and at most {@link #MAX_PENDING} at once (the
 * oldest go first). Thread-safe.
 */
final class PendingFreezes {

    /** How long a freeze waits for its confirm. */
    static final long TTL_NANOS = 15L * 60 * 1_000_000_000L;
    /** Most freezes waiting at once. */
    static final int MAX_PENDING = 100_000;

    /**
     * A frozen order.
     *
     * @param orderId    the id the freeze answered (and the order keeps)
     * @param user       the engine's key of the user
     * @param order      the native place body
     * @param required   base units the deposit must pay at least (0 without a chain)
     * @param createdAt  {@link System#nanoTime()} at the freeze
     */
    record Freeze(String orderId, String user, ObjectNode order, BigInteger required, long createdAt) {
    }

    private final Map<String, Freeze> pending = new LinkedHashMap<>();

    synchronized void add(Freeze f) {
        expire(System.nanoTime());
        if (pending.size() >= MAX_PENDING) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pending.put(f.orderId(), f);
    }

    synchronized Optional<Freeze> get(String orderId) {
        expire(System.nanoTime());
        return Optional.ofNullable(pending.get(orderId));
    }

    synchronized void remove(String orderId) {
        pending.remove(orderId);
    }

    private void expire(long now) {
        for (Iterator<Freeze> it = pending.values().iterator(); it.hasNext(); ) {
            if (now - it.next().createdAt() > TTL_NANOS) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
