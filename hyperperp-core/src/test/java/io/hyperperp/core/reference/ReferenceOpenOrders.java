package io.hyperperp.core.reference;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference model's index of open (resting) orders: by number, per user and by expiry. An order is in it from
 * when it first rests until it is filled, cancelled or expires.
 */
final class ReferenceOpenOrders {

    /** Open (resting) orders by number. */
    final Map<Long, RefOrder> byId = new HashMap<>();
    /** Open orders per user, by order number (= oldest first). */
    final Map<String, TreeMap<Long, RefOrder>> byUser = new HashMap<>();
    /** Open orders with a good-til-time, by (expires_at, order number). */
    final TreeSet<RefOrder> expiries = new TreeSet<>(
            Comparator.comparingLong((RefOrder o) -> o.expiresAt).thenComparingLong(o -> o.id));

    /** Indexes an order that rests; one that rests again after an amend is indexed already. */
    void index(RefOrder o) {
        if (!byId.containsKey(o.id)) {
            byId.put(o.id, o);
            byUser.computeIfAbsent(o.user, u -> new TreeMap<>()).put(o.id, o);
            if (o.expiresAt != 0) {
                expiries.add(o);
            }
        }
    }

    void unindex(RefOrder o) {
        if (byId.remove(o.id) != null) {
            TreeMap<Long, RefOrder> mine = byUser.get(o.user);
            mine.remove(o.id);
            if (mine.isEmpty()) {
                byUser.remove(o.user);
            }
            expiries.remove(o);
        }
    }

    RefOrder findByClientId(String user, String clientId) {
        TreeMap<Long, RefOrder> mine = byUser.get(user);
        if (mine == null || clientId == null) {
            return null;
        }
        for (RefOrder o : mine.values()) {
            if (clientId.equals(o.clientId)) {
                return o;
            }
        }
        return null;
    }
}
