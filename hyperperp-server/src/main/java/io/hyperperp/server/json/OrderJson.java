package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes an order ({@link io.hyperperp.core.event.OrderSnapshot} or any {@link OrderView}) as a JSON
 * object in REST naming: UUID order id, decimal strings, lower-case enum names, {@code expires_at}
 * null when the order has none. Thread-safe.
 */
public final class OrderJson {

    // Made once: an order's answer writes these for the order.
    private static final JsonName ORDER_ID = JsonName.of("order_id");
    private static final JsonName USER_ADDRESS = JsonName.of("user_address");
    private static final JsonName MARKET_ID = JsonName.of("market_id");
    private static final JsonName SIDE = JsonName.of("side");
    private static final JsonName ORDER_TYPE = JsonName.of("order_type");
    private static final JsonName TIME_IN_FORCE = JsonName.of("time_in_force");
    private static final JsonName PRICE = JsonName.of("price");
    private static final JsonName SIZE = JsonName.of("size");
    private static final JsonName FILLED_SIZE = JsonName.of("filled_size");
    private static final JsonName OPEN_SIZE = JsonName.of("open_size");
    private static final JsonName CLIENT_ORDER_ID = JsonName.of("client_order_id");
    private static final JsonName REDUCE_ONLY = JsonName.of("reduce_only");
    private static final JsonName STP = JsonName.of("stp");
    private static final JsonName EXPIRES_AT = JsonName.of("expires_at");
    private static final JsonName PRIORITY_SEQUENCE = JsonName.of("priority_sequence");
    private static final JsonName CREATED_AT = JsonName.of("created_at");
    private static final JsonName STATUS = JsonName.of("status");

    private final MarketDecimals decimals;
    private final JsonFactory factory = JsonFactories.shared();

    /** A writer that formats numbers with the decimals of the markets in {@code markets}. */
    public OrderJson(MarketRegistry markets) {
        this.decimals = new MarketDecimals(markets);
    }

    /** The order as a JSON string. */
    public String toJson(OrderView order) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(order, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the order as one JSON object. */
    public void write(OrderView o, JsonGenerator g) throws IOException {
        write(o, JsonOut.of(g));
    }

    /** Writes the order as one JSON object. */
    public void write(OrderView o, JsonOut g) throws IOException {
        MarketSpec spec = decimals.spec(o.marketId());
        int px = spec.priceDecimals();
        int sz = spec.sizeDecimals();
        g.startObject();
        g.uuid(ORDER_ID, Ids.order(o.orderId()));
        g.string(USER_ADDRESS, o.userAddress());
        g.number(MARKET_ID, o.marketId());
        g.string(SIDE, o.side().wireName());
        g.string(ORDER_TYPE, o.orderType().wireName());
        g.string(TIME_IN_FORCE, o.timeInForce().wireName());
        g.decimal(PRICE, o.price(), px);
        g.decimal(SIZE, o.size(), sz);
        g.decimal(FILLED_SIZE, o.filledSize(), sz);
        g.decimal(OPEN_SIZE, openSize(o), sz);
        if (o.clientOrderId() == null) {
            g.nullField(CLIENT_ORDER_ID);
        } else {
            g.string(CLIENT_ORDER_ID, o.clientOrderId());
        }
        g.bool(REDUCE_ONLY, o.reduceOnly());
        g.string(STP, o.stp().wireName());
        if (o.expiresAt() == 0) {
            g.nullField(EXPIRES_AT);
        } else {
            g.number(EXPIRES_AT, o.expiresAt());
        }
        g.number(PRIORITY_SEQUENCE, o.prioritySequence());
        g.number(CREATED_AT, o.createdAt());
        g.string(STATUS, statusName(o.status()));
        g.endObject();
    }

    /**
     * The size still working on the book: zero once the order is done (filled, cancelled, expired,
     * rejected), whatever the engine's last copy of it says, so the cancel answer, a later GET and the
     * persistent store (which keeps zero) agree.
     */
    public static long openSize(OrderView o) {
        return o.status().isOpen() ? o.openSize() : 0;
    }

    /**
     * The native API's name of an order status: a resting order with nothing filled reads
     * {@code open}; the engine's and the seed API's {@code pending} stays internal.
     */
    public static String statusName(OrderStatus status) {
        return status == OrderStatus.PENDING ? "open" : status.wireName();
    }
}
