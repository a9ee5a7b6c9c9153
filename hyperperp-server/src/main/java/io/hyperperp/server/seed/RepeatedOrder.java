package io.hyperperp.server.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.server.http.ApiException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The order fields a {@code POST /orders/confirm} repeats (the seed's app sends the whole order again).
 * They must be the frozen order's before it is placed and the placed order's afterwards: a confirm
 * with other fields is refused with 400 {@code ORDER_MISMATCH} naming the first field that differs,
 * never answered as if it had confirmed them.
 */
final class RepeatedOrder {

    /** The fields a confirm accepts: the order's plus its id and the deposit's hash. */
    private static final Set<String> CONFIRM_FIELDS = confirmFields();
    /** Compared as text (after the seed's names are read into the engine's). */
    private static final String[] TEXT_FIELDS = {"user_address", "market_id", "side", "order_type"};
    /** Compared as decimals, so "10" and "10.0" are the same size. */
    private static final String[] DECIMAL_FIELDS = {"size", "price"};

    private RepeatedOrder() {
    }

    private static Set<String> confirmFields() {
        Set<String> s = new HashSet<>(SeedOrderRequest.ORDER_FIELDS);
        s.add("order_id");
        s.add("signed_transaction_hash");
        return Set.copyOf(s);
    }

    /**
     * The native order body a confirm repeats, or empty when it carries only {@code order_id} and
     * {@code signed_transaction_hash}; 400 on an unknown field.
     */
    static Optional<ObjectNode> of(ObjectNode confirm) {
        ObjectNode orderFields = confirm.deepCopy();
        orderFields.remove("order_id");
        orderFields.remove("signed_transaction_hash");
        for (Iterator<String> it = orderFields.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CONFIRM_FIELDS.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field", f.length() <= 64 ? f : null);
            }
        }
        if (orderFields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SeedOrderRequest.toNative(orderFields, SeedOrderRequest.ORDER_FIELDS));
    }

    /** 400 {@code ORDER_MISMATCH} naming the first field in which {@code repeated} differs from the frozen body. */
    static void requireSameAsFrozen(ObjectNode frozen, ObjectNode repeated) {
        for (String f : TEXT_FIELDS) {
            if (!repeated.path(f).asText().equals(frozen.path(f).asText())) {
                throw mismatch(f, "the frozen order");
            }
        }
        for (String f : DECIMAL_FIELDS) {
            JsonNode a = repeated.get(f);
            JsonNode b = frozen.get(f);
            boolean same = a == null || b == null ? a == b : sameDecimal(a.asText(), b.asText());
            if (!same) {
                throw mismatch(f, "the frozen order");
            }
        }
    }

    /**
     * 400 {@code ORDER_MISMATCH} naming the first field in which {@code repeated} (read in the engine's
     * units) differs from the order its freeze placed.
     */
    static void requireSameAsPlaced(OrderSnapshot placed, PlaceOrder repeated) {
        String field = !repeated.userAddress().equals(placed.userAddress()) ? "user_address"
                : repeated.marketId() != placed.marketId() ? "market_id"
                : repeated.side() != placed.side() ? "side"
                : repeated.orderType() != placed.orderType() ? "order_type"
                : repeated.size() != placed.size() ? "size"
                : repeated.price() != placed.price() && !unboundMarket(repeated) ? "price"
                : null;
        if (field != null) {
            throw mismatch(field, "the order this order_id already placed");
        }
    }

    /**
     * A market order sent without a price (or, as the seed's app sends it, at 0) is placed with the
     * protection price the book gave it then, so a repeat without a price matches whatever that was.
     */
    private static boolean unboundMarket(PlaceOrder repeated) {
        return repeated.orderType() == OrderType.MARKET && repeated.price() == PlaceOrder.NO_PRICE;
    }

    private static ApiException mismatch(String field, String what) {
        return ApiException.badRequest("ORDER_MISMATCH", field + " differs from " + what, field);
    }

    private static boolean sameDecimal(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
    }
}
