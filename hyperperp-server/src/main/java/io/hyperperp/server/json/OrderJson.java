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
        MarketSpec spec = decimals.spec(o.marketId());
        int px = spec.priceDecimals();
        int sz = spec.sizeDecimals();
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(o.orderId()).toString());
        g.writeStringField("user_address", o.userAddress());
        g.writeNumberField("market_id", o.marketId());
        g.writeStringField("side", o.side().wireName());
        g.writeStringField("order_type", o.orderType().wireName());
        g.writeStringField("time_in_force", o.timeInForce().wireName());
        g.writeStringField("price", Decimals.format(o.price(), px));
        g.writeStringField("size", Decimals.format(o.size(), sz));
        g.writeStringField("filled_size", Decimals.format(o.filledSize(), sz));
        g.writeStringField("open_size", Decimals.format(openSize(o), sz));
        if (o.clientOrderId() == null) {
            g.writeNullField("client_order_id");
        } else {
            g.writeStringField("client_order_id", o.clientOrderId());
        }
        g.writeBooleanField("reduce_only", o.reduceOnly());
        g.writeStringField("stp", o.stp().wireName());
        if (o.expiresAt() == 0) {
            g.writeNullField("expires_at");
        } else {
            g.writeNumberField("expires_at", o.expiresAt());
        }
        g.writeNumberField("priority_sequence", o.prioritySequence());
        g.writeNumberField("created_at", o.createdAt());
        g.writeStringField("status", statusName(o.status()));
        g.writeEndObject();
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
