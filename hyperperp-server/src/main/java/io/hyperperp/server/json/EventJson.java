package io.hyperperp.server.json;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.order.Ids;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes an {@link EngineEvent} as one JSON object: {@code type} (order_accepted,
 * command_rejected, fill, order_cancelled, order_amended, order_filled, level_changed, the
 * conditional-order events, mark_price_updated, account_event),
 * {@code sequence}, {@code timestamp}, then the event's fields. Prices, sizes and fees are decimal
 * strings in the market's decimals; order and trade ids are UUIDs. Thread-safe.
 */
public final class EventJson {

    private final MarketDecimals decimals;
    private final OrderJson orders;
    private final CommandJson commands;
    private final JsonFactory factory = JsonFactories.shared();
    private final int collateralDecimals;

    /** A writer that formats numbers with the decimals of the markets in {@code markets}. */
    public EventJson(MarketRegistry markets) {
        this.decimals = new MarketDecimals(markets);
        this.orders = new OrderJson(markets);
        this.commands = new CommandJson(markets);
        this.collateralDecimals = markets.collateralDecimals();
    }

    /** The wire name of the event's type. */
    public static String type(EngineEvent event) {
        if (event instanceof EngineEvent.OrderAccepted) {
            return "order_accepted";
        } else if (event instanceof EngineEvent.CommandRejected) {
            return "command_rejected";
        } else if (event instanceof EngineEvent.Fill) {
            return "fill";
        } else if (event instanceof EngineEvent.OrderCancelled) {
            return "order_cancelled";
        } else if (event instanceof EngineEvent.OrderAmended) {
            return "order_amended";
        } else if (event instanceof EngineEvent.OrderFilled) {
            return "order_filled";
        } else if (event instanceof EngineEvent.ConditionalAccepted) {
            return "conditional_accepted";
        } else if (event instanceof EngineEvent.ConditionalTriggered) {
            return "conditional_triggered";
        } else if (event instanceof EngineEvent.ConditionalCancelled) {
            return "conditional_cancelled";
        } else if (event instanceof EngineEvent.ConditionalAmended) {
            return "conditional_amended";
        } else if (event instanceof EngineEvent.MarkPriceUpdated) {
            return "mark_price_updated";
        } else if (event instanceof EngineEvent.Risk) {
            return "account_event";
        }
        return "level_changed";
    }

    /** The event as a JSON string (one line). */
    public String toJson(EngineEvent event) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the event as one JSON object. */
    public void write(EngineEvent event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type(event));
        g.writeNumberField("sequence", event.sequence());
        g.writeNumberField("timestamp", event.timestamp());
        if (event instanceof EngineEvent.OrderAccepted e) {
            g.writeFieldName("order");
            orders.write(e.order(), g);
        } else if (event instanceof EngineEvent.CommandRejected e) {
            g.writeStringField("reason", e.reason().name());
            g.writeStringField("field", e.reason().field());
            g.writeStringField("message", e.reason().message());
            g.writeFieldName("command");
            commands.write(e.command(), g);
        } else if (event instanceof EngineEvent.Fill e) {
            writeTradeFields(e, g);
            g.writeFieldName("taker");
            orders.write(e.taker(), g);
            g.writeFieldName("maker");
            orders.write(e.maker(), g);
        } else if (event instanceof EngineEvent.OrderCancelled e) {
            g.writeStringField("reason", e.reason().wireName());
            g.writeFieldName("order");
            orders.write(e.order(), g);
        } else if (event instanceof EngineEvent.OrderAmended e) {
            MarketSpec spec = decimals.spec(e.order().marketId());
            g.writeStringField("previous_price", Decimals.format(e.previousPrice(), spec.priceDecimals()));
            g.writeStringField("previous_open_size", Decimals.format(e.previousOpenSize(), spec.sizeDecimals()));
            g.writeFieldName("order");
            orders.write(e.order(), g);
        } else if (event instanceof EngineEvent.OrderFilled e) {
            g.writeFieldName("order");
            orders.write(e.order(), g);
        } else if (event instanceof EngineEvent.ConditionalAccepted e) {
            g.writeFieldName("order");
            writeConditional(e.order(), g);
        } else if (event instanceof EngineEvent.ConditionalTriggered e) {
            g.writeStringField("reference_price",
                    Decimals.format(e.referencePrice(), decimals.spec(e.order().marketId()).priceDecimals()));
            g.writeFieldName("order");
            writeConditional(e.order(), g);
        } else if (event instanceof EngineEvent.ConditionalCancelled e) {
            g.writeStringField("reason", e.reason().wireName());
            g.writeFieldName("order");
            writeConditional(e.order(), g);
        } else if (event instanceof EngineEvent.ConditionalAmended e) {
            g.writeFieldName("order");
            writeConditional(e.order(), g);
            g.writeFieldName("previous");
            writeConditional(e.previous(), g);
        } else if (event instanceof EngineEvent.MarkPriceUpdated e) {
            g.writeNumberField("market_id", e.marketId());
            g.writeStringField("mark_price", Decimals.format(e.markPrice(), decimals.spec(e.marketId()).priceDecimals()));
        } else if (event instanceof EngineEvent.Risk e) {
            writeRisk(e.event(), g);
        } else if (event instanceof EngineEvent.LevelChanged e) {
            MarketSpec spec = decimals.spec(e.marketId());
            g.writeNumberField("market_id", e.marketId());
            g.writeStringField("side", e.side().wireName());
            g.writeStringField("price", Decimals.format(e.price(), spec.priceDecimals()));
            g.writeStringField("size", Decimals.format(e.totalSize(), spec.sizeDecimals()));
            g.writeNumberField("order_count", e.orderCount());
        }
        g.writeEndObject();
    }

    /**
     * An account event: amounts in collateral decimals; size and price in the market's decimals
     * (for {@code leverage_set} the size is the leverage).
     */
    private void writeRisk(RiskEvent e, JsonGenerator g) throws IOException {
        g.writeStringField("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("user_address", e.userAddress());
        if (e.marketId() != RiskEvent.NO_MARKET) {
            MarketSpec spec = decimals.spec(e.marketId());
            g.writeNumberField("market_id", e.marketId());
            if (e.kind() == RiskEvent.Kind.LEVERAGE_SET) {
                g.writeNumberField("leverage", e.size());
            } else {
                g.writeStringField("size", Decimals.format(e.size(), spec.sizeDecimals()));
                g.writeStringField("price", Decimals.format(e.price(), spec.priceDecimals()));
            }
        }
        g.writeStringField("amount", Decimals.format(e.amount(), collateralDecimals));
        if (e.kind() == RiskEvent.Kind.ACCOUNT_LIQUIDATED) {
            g.writeStringField("maintenance_margin", Decimals.format(e.margin(), collateralDecimals));
        }
        if (e.counterparty() != null) {
            g.writeStringField("counterparty", e.counterparty());
        }
        if (e.reference() != null) {
            g.writeStringField("reference", e.reference());
        }
        g.writeStringField("collateral", Decimals.format(e.collateral(), collateralDecimals));
    }

    /** Writes an untriggered (or just triggered/cancelled) conditional order. */
    public void writeConditional(ConditionalOrderSnapshot o, JsonGenerator g) throws IOException {
        MarketSpec spec = decimals.spec(o.marketId());
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(o.orderId()).toString());
        g.writeStringField("user_address", o.userAddress());
        g.writeNumberField("market_id", o.marketId());
        g.writeStringField("side", o.side().wireName());
        g.writeStringField("order_type", o.wireOrderType());
        g.writeStringField("trigger_price", Decimals.format(o.triggerPrice(), spec.priceDecimals()));
        g.writeStringField("trigger_by", o.triggerBy().wireName());
        if (o.price() != 0) {
            g.writeStringField("price", Decimals.format(o.price(), spec.priceDecimals()));
        } else {
            g.writeNullField("price");
        }
        g.writeStringField("size", Decimals.format(o.size(), spec.sizeDecimals()));
        g.writeStringField("status", o.status().wireName());
        if (o.clientOrderId() != null) {
            g.writeStringField("client_order_id", o.clientOrderId());
        }
        g.writeBooleanField("reduce_only", o.reduceOnly());
        g.writeStringField("stp", o.stp().wireName());
        if (o.ocoGroup() != null) {
            g.writeStringField("oco_group", o.ocoGroup());
        }
        if (o.expiresAt() != 0) {
            g.writeNumberField("expires_at", o.expiresAt());
        }
        g.writeNumberField("created_at", o.createdAt());
        g.writeEndObject();
    }

    /** The fill as a trade record (one line): the fill event's trade fields without the order objects. */
    public String tradeJson(EngineEvent.Fill fill) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeTrade(fill, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes a fill as a trade record: sequence, timestamp and the trade fields. */
    public void writeTrade(EngineEvent.Fill fill, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("sequence", fill.sequence());
        g.writeNumberField("timestamp", fill.timestamp());
        writeTradeFields(fill, g);
        g.writeEndObject();
    }

    private void writeTradeFields(EngineEvent.Fill e, JsonGenerator g) throws IOException {
        MarketSpec spec = decimals.spec(e.marketId());
        int px = spec.priceDecimals();
        g.writeStringField("trade_id", Ids.trade(e.tradeId()).toString());
        g.writeNumberField("market_id", e.marketId());
        g.writeStringField("price", Decimals.format(e.price(), px));
        g.writeStringField("size", Decimals.format(e.size(), spec.sizeDecimals()));
        g.writeStringField("taker_side", e.takerSide().wireName());
        g.writeStringField("taker_order_id", Ids.order(e.taker().orderId()).toString());
        g.writeStringField("maker_order_id", Ids.order(e.maker().orderId()).toString());
        g.writeStringField("taker_user_address", e.taker().userAddress());
        g.writeStringField("maker_user_address", e.maker().userAddress());
        g.writeStringField("taker_fee", Decimals.format(e.takerFee(), px));
        g.writeStringField("maker_fee", Decimals.format(e.makerFee(), px));
        if (e.liquidation()) {
            g.writeBooleanField("liquidation", true); // absent on ordinary fills
        }
    }
}
