package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.json.JsonName;
import io.hyperperp.server.json.JsonOut;
import io.hyperperp.server.json.OrderJson;
import java.io.IOException;
import java.util.List;

/**
 * The answer to an accepted order command: status, sizes, cancel reason, fills and the order itself, or,
 * for a stop or take-profit still waiting for its trigger (placed, amended or cancelled), the conditional
 * order.
 */
final class OrderResultJson {

    // Made once: written for every order's answer.
    private static final JsonName ORDER_ID = JsonName.of("order_id");
    private static final JsonName STATUS = JsonName.of("status");
    private static final JsonName FILLED_SIZE = JsonName.of("filled_size");
    private static final JsonName OPEN_SIZE = JsonName.of("open_size");
    private static final JsonName CANCEL_REASON = JsonName.of("cancel_reason");
    private static final JsonName FILLS = JsonName.of("fills");
    private static final JsonName ORDER = JsonName.of("order");

    private final RouteSupport web;
    private final OrderJson orderJson;
    private final EventJson eventJson;

    OrderResultJson(RouteSupport web, OrderJson orderJson, EventJson eventJson) {
        this.web = web;
        this.orderJson = orderJson;
        this.eventJson = eventJson;
    }

    void writeOrderResult(CommandResult r, JsonGenerator g) throws IOException {
        ConditionalOrderSnapshot conditional = conditionalAccepted(r);
        if (conditional != null) {
            writeConditionalResult(conditional, g);
        } else {
            writeOrderResult(r, JsonOut.of(g));
        }
    }

    /** The order a placement accepted as a stop or take-profit waiting for its trigger, or null. */
    static ConditionalOrderSnapshot conditionalAccepted(CommandResult r) {
        List<EngineEvent> events = r.events();
        for (int i = 0; i < events.size(); i++) { // by index: no iterator per answer
            if (events.get(i) instanceof EngineEvent.ConditionalAccepted a) {
                return a.order();
            }
        }
        return null;
    }

    /** The answer to an order that is not a conditional one waiting for its trigger. */
    void writeOrderResult(CommandResult r, JsonOut g) throws IOException {
        OrderSnapshot o = r.order().orElseThrow();
        MarketSpec spec = web.spec(o.marketId());
        String cancelReason = null;
        List<EngineEvent> events = r.events();
        for (int i = 0; i < events.size(); i++) { // by index: no iterator per answer
            if (events.get(i) instanceof EngineEvent.OrderCancelled c && c.order().orderId() == o.orderId()) {
                cancelReason = c.reason().wireName();
            }
        }
        g.startObject();
        g.uuid(ORDER_ID, Ids.order(o.orderId()));
        g.string(STATUS, OrderJson.statusName(o.status()));
        g.decimal(FILLED_SIZE, o.filledSize(), spec.sizeDecimals());
        g.decimal(OPEN_SIZE, OrderJson.openSize(o), spec.sizeDecimals());
        if (cancelReason == null) {
            g.nullField(CANCEL_REASON);
        } else {
            g.string(CANCEL_REASON, cancelReason);
        }
        g.startArray(FILLS);
        for (int i = 0; i < events.size(); i++) { // the fills, in order, without a list of them
            if (events.get(i) instanceof EngineEvent.Fill f) {
                web.writeTrade(TradeRecord.of(f), g);
            }
        }
        g.endArray();
        g.name(ORDER);
        orderJson.write(o, g);
        g.endObject();
    }

    void writeConditionalResult(ConditionalOrderSnapshot o, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(o.orderId()).toString());
        g.writeStringField("status", o.status().wireName());
        g.writeStringField("filled_size", Decimals.format(0, web.spec(o.marketId()).sizeDecimals()));
        g.writeArrayFieldStart("fills");
        g.writeEndArray();
        g.writeFieldName("order");
        eventJson.writeConditional(o, g);
        g.writeEndObject();
    }

    /** The answer to a cancel or amend of a conditional order: its state after the command. */
    /** The answer to a cancel of a normal order: its id, status and the order as it left. */
    void writeCancelled(OrderSnapshot after, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(after.orderId()).toString());
        g.writeStringField("status", OrderJson.statusName(after.status()));
        g.writeFieldName("order");
        orderJson.write(after, g);
        g.writeEndObject();
    }

    ApiResponse conditionalAnswer(CommandResult result, ConditionalOrderSnapshot before) throws IOException {
        ConditionalOrderSnapshot after = before;
        for (EngineEvent e : result.events()) {
            if (e instanceof EngineEvent.ConditionalCancelled c && c.order().orderId() == before.orderId()) {
                after = c.order();
            } else if (e instanceof EngineEvent.ConditionalAmended a && a.order().orderId() == before.orderId()) {
                after = a.order();
            }
        }
        ConditionalOrderSnapshot answer = after;
        return ApiResponse.ok(web.json(g -> writeConditionalResult(answer, g)));
    }
}
