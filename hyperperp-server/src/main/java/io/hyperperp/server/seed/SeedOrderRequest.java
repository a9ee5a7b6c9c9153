package io.hyperperp.server.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.server.http.ApiException;
import java.util.Iterator;
import java.util.Set;

/**
 * The seed's {@code SubmitOrderRequest} ({@code user_address, market_id, side, order_type, size,
 * price?, expires_at?}) plus HyperPerp's extra order fields ({@code time_in_force},
 * {@code client_order_id}, {@code reduce_only}, {@code stp}), translated into the body of a native
 * place command: engine address key, lower-case enums, no price for a market order that sends
 * {@code null}, {@code ""} or {@code "0"} (the seed's app and freeze flow do), RFC 3339 expiry in
 * microseconds. The native parser then validates every value exactly as on {@code /v1/orders}.
 */
final class SeedOrderRequest {

    /** The fields of an order; the confirm route adds its own. */
    static final Set<String> ORDER_FIELDS = Set.of("user_address", "market_id", "side", "order_type", "size", "price",
            "expires_at", "time_in_force", "client_order_id", "reduce_only", "stp");

    private SeedOrderRequest() {
    }

    /**
     * The native place body of a seed order.
     *
     * @param body    the request object
     * @param allowed every field the route accepts (others are refused, so that a misspelt option is
     *                never silently ignored)
     */
    static ObjectNode toNative(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field", f.length() <= 64 ? f : null);
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("user_address", SeedAddresses.engineKey(text(body, "user_address", true), "user_address"));
        JsonNode market = body.get("market_id");
        if (market == null || market.isNull()) {
            throw ApiException.badRequest("MISSING_FIELD", "market_id is required", "market_id");
        }
        out.set("market_id", market);
        out.put("side", SeedWire.parseSide(text(body, "side", true)));
        String type = SeedWire.parseOrderType(text(body, "order_type", true));
        out.put("order_type", type);
        JsonNode size = body.get("size");
        if (size == null || size.isNull()) {
            throw ApiException.badRequest("MISSING_FIELD", "size is required", "size");
        }
        out.set("size", size);
        JsonNode price = body.get("price");
        boolean noPrice = price == null || price.isNull() || (price.isTextual() && price.textValue().isEmpty())
                || ("market".equals(type) && isZero(price));
        if (!noPrice) {
            out.set("price", price);
        }
        JsonNode expires = body.get("expires_at");
        if (expires != null && !expires.isNull()) {
            // 0 means "no expiry" natively: a time at or before 1970 is a time in the past like any
            // other, which the engine refuses as INVALID_EXPIRY, not an order that never expires.
            out.put("expires_at", expires.isTextual()
                    ? Math.max(1, SeedWire.parseTime(expires.textValue(), "expires_at")) : invalidExpiry());
        }
        for (String extra : new String[] {"time_in_force", "client_order_id", "reduce_only", "stp"}) {
            JsonNode v = body.get(extra);
            if (v != null && !v.isNull()) {
                out.set(extra, v);
            }
        }
        return out;
    }

    /** A string field, or null when absent; 400 when it is not a string (or absent and required). */
    static String text(ObjectNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", field + " is required", field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD", "must be a string", field);
        }
        return v.textValue();
    }

    private static boolean isZero(JsonNode price) {
        if (price.isNumber()) {
            return price.decimalValue().signum() == 0;
        }
        return price.isTextual() && price.textValue().matches("0+(\\.0*)?");
    }

    private static long invalidExpiry() {
        throw ApiException.badRequest("INVALID_FIELD", "must be an RFC 3339 timestamp or null", "expires_at");
    }
}
