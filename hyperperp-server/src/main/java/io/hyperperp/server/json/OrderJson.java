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
        g.uuid("order_id", Ids.order(o.orderId()));
        g.string("user_address", o.userAddress());
        g.number("market_id", o.marketId());
        g.string("side", o.side().wireName());
        g.string("order_type", o.orderType().wireName());
        g.string("time_in_force", o.timeInForce().wireName());
        g.decimal("price", o.price(), px);
        g.decimal("size", o.size(), sz);
        g.decimal("filled_size", o.filledSize(), sz);
        g.decimal("open_size", openSize(o), sz);
        if (o.clientOrderId() == null) {
            g.nullField("client_order_id");
        } else {
            g.string("client_order_id", o.clientOrderId());
        }
        g.bool("reduce_only", o.reduceOnly());
        g.string("stp", o.stp().wireName());
        if (o.expiresAt() == 0) {
            g.nullField("expires_at");
        } else {
            g.number("expires_at", o.expiresAt());
        }
        g.number("priority_sequence", o.prioritySequence());
        g.number("created_at", o.createdAt());
        g.string("status", statusName(o.status()));
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
