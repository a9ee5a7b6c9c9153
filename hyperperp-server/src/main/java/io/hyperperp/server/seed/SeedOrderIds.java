package io.hyperperp.server.seed;

import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.order.Ids;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The order ids the seed's routes show and accept. An order the engine numbered shows under its
 * HyperPerp UUID, except one placed with a random (version 4) UUID as its client order id: that
 * one shows under that UUID. This is how an order confirmed after {@code POST /orders/freeze} keeps
 * the {@code order_id} the freeze answered, as the seed's app and bots expect, with the id kept by
 * the engine itself (client order ids are part of the order). Looking such an id up needs its
 * owner, which this class remembers for the ids it saw (bounded).
 */
final class SeedOrderIds {

    private static final Pattern SEED_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern ANY_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_OWNERS = 1_000_000;
    private static final int MAX_DISPLAY_CACHE = 100_000;

    private final OrderHistory history;
    private final Map<String, String> ownerOfSeedId = bounded(MAX_OWNERS);
    /** Display id by order number: an order's client order id never changes, so these never go stale. */
    private final Map<Long, String> displayOfNumber = bounded(MAX_DISPLAY_CACHE);

    SeedOrderIds(OrderHistory history) {
        this.history = history;
    }

    /** True when a client order id is a seed order id (a lower-case version 4 UUID). */
    static boolean isSeedId(String clientOrderId) {
        return clientOrderId != null && SEED_ID.matcher(clientOrderId).matches();
    }

    /** A fresh seed order id. */
    static String newSeedId() {
        return UUID.randomUUID().toString();
    }

    /** The id the seed's routes show for an order. */
    String display(OrderView order) {
        String id = isSeedId(order.clientOrderId()) ? order.clientOrderId() : Ids.order(order.orderId()).toString();
        if (isSeedId(order.clientOrderId())) {
            remember(order.clientOrderId(), order.userAddress());
        }
        synchronized (displayOfNumber) {
            displayOfNumber.put(order.orderId(), id);
        }
        return id;
    }

    /** The id the seed's routes show for an order known by number only (a trade's taker or maker). */
    String display(long orderNumber) {
        synchronized (displayOfNumber) {
            String id = displayOfNumber.get(orderNumber);
            if (id != null) {
                return id;
            }
        }
        return history.order(orderNumber).map(this::display).orElseGet(() -> Ids.order(orderNumber).toString());
    }

    /** Remembers the owner of a seed order id, so that routes without a user can find the order. */
    void remember(String seedId, String engineUser) {
        synchronized (ownerOfSeedId) {
            ownerOfSeedId.put(seedId, engineUser);
        }
    }

    /** The owner of a seed order id, if known. */
    Optional<String> owner(String seedId) {
        synchronized (ownerOfSeedId) {
            return Optional.ofNullable(ownerOfSeedId.get(seedId));
        }
    }

    /**
     * The order an id of the seed's routes names: 400 for a malformed id, empty when no order has
     * it (or its owner is unknown).
     */
    Optional<OrderSnapshot> find(String idText) {
        if (idText == null || !ANY_UUID.matcher(idText).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "order id must be a UUID", "order_id");
        }
        String id = idText.toLowerCase(java.util.Locale.ROOT);
        if (isSeedId(id)) {
            return owner(id).flatMap(user -> history.byClientOrderId(user, id));
        }
        long number = Ids.orderNumber(UUID.fromString(id));
        return number > 0 ? history.order(number) : Optional.empty();
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
