package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.StpMode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Writes a core {@link Command} as the JSON object {@link CommandJson} parses back: decimal strings
 * scaled with the market's decimals, optional fields only when set. Thread-safe.
 */
final class CommandJsonWriter {

    private final LongFunction<MarketSpec> specs;
    private final AccountCommandJson accounts;

    /**
     * @param specs the spec a market id is written with (the one {@link CommandJson} parses it with)
     */
    CommandJsonWriter(LongFunction<MarketSpec> specs, AccountCommandJson accounts) {
        this.specs = specs;
        this.accounts = accounts;
    }

    private MarketSpec spec(long marketId) {
        return specs.apply(marketId);
    }

    /** Writes the command as one JSON object. */
    void write(Command command, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", command.op());
        g.writeNumberField("timestamp", command.timestamp());
        g.writeStringField("user_address", command.userAddress());
        if (command instanceof PlaceOrder p) {
            MarketSpec spec = spec(p.marketId());
            g.writeNumberField("market_id", p.marketId());
            g.writeStringField("side", p.side().wireName());
            g.writeStringField("order_type", p.orderType().wireName());
            g.writeStringField("time_in_force", p.timeInForce().wireName());
            writeOrderFields(g, spec, p.orderType(), p.price(), p.size(), p.clientOrderId(), p.reduceOnly(), p.stp(),
                    p.expiresAt());
        } else if (command instanceof CancelOrder c) {
            marketIfAny(g, c.marketId());
            orderName(g, c.orderId(), c.clientOrderId());
        } else if (command instanceof AmendOrder a) {
            MarketSpec spec = spec(a.marketId());
            marketIfAny(g, a.marketId());
            orderName(g, a.orderId(), a.clientOrderId());
            if (a.newPrice() != AmendOrder.UNCHANGED) {
                g.writeStringField("price", Decimals.format(a.newPrice(), spec.priceDecimals()));
            }
            if (a.newSize() != AmendOrder.UNCHANGED) {
                g.writeStringField("size", Decimals.format(a.newSize(), spec.sizeDecimals()));
            }
        } else if (command instanceof CancelAll c) {
            marketIfAny(g, c.marketId());
        } else if (command instanceof PlaceConditionalOrder p) {
            writeConditional(p, g);
        } else if (command instanceof AmendConditionalOrder a) {
            MarketSpec spec = spec(a.marketId());
            marketIfAny(g, a.marketId());
            orderName(g, a.orderId(), a.clientOrderId());
            for (var field : List.of(Map.entry("trigger_price", a.newTriggerPrice()), Map.entry("price", a.newPrice()))) {
                if (field.getValue() != AmendOrder.UNCHANGED) {
                    g.writeStringField(field.getKey(), Decimals.format(field.getValue(), spec.priceDecimals()));
                }
            }
            if (a.newSize() != AmendOrder.UNCHANGED) {
                g.writeStringField("size", Decimals.format(a.newSize(), spec.sizeDecimals()));
            }
        } else if (command instanceof UpdateMarkPrice m) {
            g.writeNumberField("market_id", m.marketId());
            g.writeStringField("mark_price", Decimals.format(m.markPrice(), spec(m.marketId()).priceDecimals()));
            if (m.indexPrice() != UpdateMarkPrice.NO_INDEX) {
                g.writeStringField("index_price", Decimals.format(m.indexPrice(), spec(m.marketId()).priceDecimals()));
            }
        } else {
            accounts.write(command, g);
        }
        g.writeEndObject();
    }

    private void writeConditional(PlaceConditionalOrder p, JsonGenerator g) throws IOException {
        MarketSpec spec = spec(p.marketId());
        g.writeNumberField("market_id", p.marketId());
        g.writeStringField("side", p.side().wireName());
        g.writeStringField("order_type", p.kind().wireName(p.orderType()));
        g.writeStringField("trigger_price", Decimals.format(p.triggerPrice(), spec.priceDecimals()));
        g.writeStringField("trigger_by", p.triggerBy().wireName());
        writeOrderFields(g, spec, p.orderType(), p.price(), p.size(), p.clientOrderId(), p.reduceOnly(), p.stp(),
                p.expiresAt());
        optionalString(g, "oco_group", p.ocoGroup());
    }

    /** The fields plain and conditional placements share. */
    private static void writeOrderFields(JsonGenerator g, MarketSpec spec, OrderType type, long price, long size,
                                         String clientOrderId, boolean reduceOnly, StpMode stp, long expiresAt)
            throws IOException {
        if (price != PlaceOrder.NO_PRICE || type == OrderType.LIMIT) {
            g.writeStringField("price", Decimals.format(price, spec.priceDecimals()));
        }
        g.writeStringField("size", Decimals.format(size, spec.sizeDecimals()));
        optionalString(g, "client_order_id", clientOrderId);
        if (reduceOnly) {
            g.writeBooleanField("reduce_only", true);
        }
        optionalString(g, "stp", stp == null ? null : stp.wireName());
        if (expiresAt != PlaceOrder.NO_EXPIRY) {
            g.writeNumberField("expires_at", expiresAt);
        }
    }

    private static void marketIfAny(JsonGenerator g, long marketId) throws IOException {
        if (marketId >= 0) {
            g.writeNumberField("market_id", marketId);
        }
    }

    private static void orderName(JsonGenerator g, long orderId, String clientOrderId) throws IOException {
        if (orderId > 0) {
            g.writeStringField("order_id", Ids.order(orderId).toString());
        }
        optionalString(g, "client_order_id", clientOrderId);
    }

    private static void optionalString(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
