package io.hyperperp.server.json;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The single order's fast path: a well-formed limit or market placement in its plainest JSON, read from the bytes
 * straight into a {@link PlaceOrder}, without the flat object's nodes and the ~16 lookups by name that
 * {@link CommandJson} makes of it (a fifth of the order route's handler in the profile, docs/benchmarks.md).
 *
 * <p>It never answers an error. Whatever it is not sure of gives null and the caller takes the general path
 * ({@link FlatJsonObject}, {@link CommandJson}), which accepts the body or words its error as it always has: a
 * name that is not one of a plain order's (unknown, {@code op}, {@code timestamp}, the conditional orders'), a
 * repeated name, a JSON {@code null}, a value of another JSON type than the usual one (a number for a price,
 * a string for the market), an unknown enum name, a conditional order type, a price with a sign, a decimal
 * {@link Decimals#parse} refuses, a missing required field, a user address not in canonical form, and everything
 * {@link AsciiJsonCursor} leaves to Jackson. So every error's code, field and message, and their order, are the
 * general path's by construction; what it takes, it reads into the command the general path would give
 * ({@code PlainOrderReaderTest} holds both).
 */
final class PlainOrderReader extends AsciiJsonCursor {

    // Field numbers: the index of each name in NAMES and a bit of `seen`.
    private static final int USER = 0;
    private static final int MARKET = 1;
    private static final int SIDE = 2;
    private static final int TYPE = 3;
    private static final int TIME_IN_FORCE = 4;
    private static final int PRICE = 5;
    private static final int SIZE = 6;
    private static final int STP = 7;
    private static final int CLIENT_ORDER_ID = 8;
    private static final int REDUCE_ONLY = 9;
    private static final int EXPIRES_AT = 10;
    private static final byte[][] NAMES = ascii(List.of("user_address", "market_id", "side", "order_type",
            "time_in_force", "price", "size", "stp", "client_order_id", "reduce_only", "expires_at"));
    private static final int REQUIRED = 1 << USER | 1 << MARKET | 1 << SIDE | 1 << SIZE;

    private int seen;
    /** Where each string field's text starts and ends in the body. */
    private final int[] textStart = new int[NAMES.length];
    private final int[] textEnd = new int[NAMES.length];
    private long marketId;
    private Side side;
    private OrderType type = OrderType.LIMIT;
    private TimeInForce timeInForce;
    private StpMode stp;
    private boolean reduceOnly;
    private long expiresAt = PlaceOrder.NO_EXPIRY;

    private PlainOrderReader(byte[] body) {
        super(body);
    }

    /**
     * The body as a placement, or null: not one this reader takes (the general path then answers). The market's
     * spec gives the decimals; the timestamp is taken only when the command is made.
     */
    static PlaceOrder read(byte[] body, LongFunction<MarketSpec> specs, LongSupplier timestamps) {
        if (body.length > MAX_BODY) {
            return null;
        }
        PlainOrderReader reader = new PlainOrderReader(body);
        return reader.fields() ? reader.command(specs, timestamps) : null;
    }

    /** Reads every field; false at anything this reader leaves to the general path. */
    private boolean fields() {
        if (skipSpace() != '{') {
            return false;
        }
        at++;
        int c = skipSpace();
        while (c == '"') {
            int start = at + 1;
            int end = closingQuote(start);
            if (end < 0) {
                return false;
            }
            at = end + 1;
            int field = find(NAMES, start, end);
            if (field < 0 || (seen & 1 << field) != 0 || skipSpace() != ':') {
                return false;
            }
            seen |= 1 << field;
            at++;
            if (!value(field, skipSpace())) {
                return false;
            }
            c = skipSpace();
            if (c == '}') {
                return endsAfterBrace();
            }
            if (c != ',') {
                return false;
            }
            at++;
            c = skipSpace();
        }
        return false;
    }

    private boolean value(int field, int c) {
        return switch (field) {
            case MARKET -> integerStart(c) && integer() && (marketId = number) >= 0;
            case EXPIRES_AT -> integerStart(c) && integer() && (expiresAt = number) >= 0;
            case REDUCE_ONLY -> c == 't' ? (reduceOnly = literal("true")) : c == 'f' && literal("false");
            default -> c == '"' && string(field);
        };
    }

    /** A string field at its opening quote: an enum found by its wire name, or the text's place kept. */
    private boolean string(int field) {
        int start = at + 1;
        int end = closingQuote(start);
        if (end < 0) {
            return false;
        }
        at = end + 1;
        return switch (field) {
            case SIDE -> (side = constant(CommandJson.WIRE_SIDE, start, end)) != null;
            case TYPE -> (type = constant(CommandJson.WIRE_ORDER_TYPE, start, end)) != null;
            case TIME_IN_FORCE -> (timeInForce = constant(CommandJson.WIRE_TIME_IN_FORCE, start, end)) != null;
            case STP -> (stp = constant(CommandJson.WIRE_STP_MODE, start, end)) != null;
            default -> {
                textStart[field] = start;
                textEnd[field] = end;
                yield true;
            }
        };
    }

    private <E extends Enum<E>> E constant(EnumWireNames<E> wire, int start, int end) {
        int k = find(wire.asciiNames(), start, end);
        return k < 0 ? null : wire.constant(k);
    }

    private PlaceOrder command(LongFunction<MarketSpec> specs, LongSupplier timestamps) {
        if ((seen & REQUIRED) != REQUIRED || (type == OrderType.LIMIT && (seen & 1 << PRICE) == 0)) {
            return null;
        }
        String user = text(USER);
        if (!UserAddresses.isCanonical(user)) {
            return null;
        }
        MarketSpec spec = specs.apply(marketId);
        long price = (seen & 1 << PRICE) == 0 ? PlaceOrder.NO_PRICE : decimal(PRICE, spec.priceDecimals());
        long size = decimal(SIZE, spec.sizeDecimals());
        if (price < 0 || size < 0) {
            return null;
        }
        TimeInForce tif = timeInForce != null ? timeInForce
                : type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC;
        String clientOrderId = (seen & 1 << CLIENT_ORDER_ID) == 0 ? null : text(CLIENT_ORDER_ID);
        return new PlaceOrder(timestamps.getAsLong(), user, marketId, side, type, tif, price, size, clientOrderId,
                reduceOnly, stp, expiresAt);
    }

    private String text(int field) {
        return new String(b, textStart[field], textEnd[field] - textStart[field], StandardCharsets.ISO_8859_1);
    }

    /** An unsigned decimal string scaled by 10^scale, as the general path reads it; -1 for anything else. */
    private long decimal(int field, int scale) {
        int start = textStart[field];
        if (start == textEnd[field] || b[start] == '-' || b[start] == '+') {
            return -1;
        }
        try {
            return Decimals.parse(text(field), scale);
        } catch (Decimals.DecimalFormatException e) {
            return -1;
        }
    }
}
