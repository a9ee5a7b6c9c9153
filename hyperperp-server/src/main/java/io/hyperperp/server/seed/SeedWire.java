package io.hyperperp.server.seed;

import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.server.http.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The seed's enum cases and timestamps. The seed's engine writes {@code Buy}/{@code Sell},
 * {@code Limit}/{@code Market} and {@code Pending}/{@code PartiallyFilled}/{@code Filled}/
 * {@code Cancelled}/{@code Expired}; its README writes them in lower case, so both are accepted on
 * input ({@code partially_filled} too). Timestamps are RFC 3339 in UTC with microseconds.
 */
final class SeedWire {

    private SeedWire() {
    }

    static String side(Side side) {
        return side == Side.BUY ? "Buy" : "Sell";
    }

    static String orderType(OrderType type) {
        return type == OrderType.MARKET ? "Market" : "Limit";
    }

    /**
     * The seed's status of an order. An untriggered stop never reaches these routes as an order; a
     * triggered one lives on as a normal order, so both read as {@code Pending}.
     */
    static String status(OrderStatus status) {
        return switch (status) {
            case PENDING, UNTRIGGERED, TRIGGERED -> "Pending";
            case PARTIALLY_FILLED -> "PartiallyFilled";
            case FILLED -> "Filled";
            case CANCELLED -> "Cancelled";
            case EXPIRED -> "Expired";
        };
    }

    /** {@code Buy}/{@code buy} and {@code Sell}/{@code sell}, as the native wire name. */
    static String parseSide(String text) {
        return switch (text == null ? "" : text) {
            case "Buy", "buy" -> "buy";
            case "Sell", "sell" -> "sell";
            default -> throw ApiException.badRequest("INVALID_FIELD", "must be Buy or Sell (or buy, sell)", "side");
        };
    }

    /** {@code Limit}/{@code limit} and {@code Market}/{@code market}, as the native wire name. */
    static String parseOrderType(String text) {
        return switch (text == null ? "" : text) {
            case "Limit", "limit" -> "limit";
            case "Market", "market" -> "market";
            default -> throw ApiException.badRequest("INVALID_FIELD", "must be Limit or Market (or limit, market)",
                    "order_type");
        };
    }

    /** A status filter in either case. */
    static OrderStatus parseStatus(String text) {
        String key = text.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (key) {
            case "pending" -> OrderStatus.PENDING;
            case "partiallyfilled" -> OrderStatus.PARTIALLY_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "cancelled" -> OrderStatus.CANCELLED;
            case "expired" -> OrderStatus.EXPIRED;
            default -> throw ApiException.badRequest("INVALID_FIELD",
                    "must be Pending, PartiallyFilled, Filled, Cancelled or Expired", "status");
        };
    }

    /** RFC 3339 in UTC of a timestamp in microseconds since the epoch. */
    static String time(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                .toString();
    }

    /** Microseconds since the epoch of an RFC 3339 timestamp, or a 400 naming {@code field}. */
    static long parseTime(String text, String field) {
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("INVALID_FIELD", "must be an RFC 3339 timestamp such as "
                    + "2026-01-01T00:00:00Z", field);
        }
    }
}
