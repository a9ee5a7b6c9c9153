package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonWritersTest {

    private static final long PX = 100_000_000L;
    private final ObjectMapper mapper = new ObjectMapper();
    private final MarketRegistry markets = MarketRegistry.defaults();

    private List<EngineEvent> trade() {
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(markets, recorder);
        engine.process(PlaceOrder.limit(10, "0xa11ce", 1, Side.SELL, 30_000 * PX, 2 * PX).withClientOrderId("s1"));
        engine.process(PlaceOrder.limit(11, "0xb0b", 1, Side.BUY, 30_001 * PX, PX / 2));
        engine.process(PlaceOrder.limit(12, "0xb0b", 1, Side.BUY, 1, 10_000));
        return recorder.drain();
    }

    @Test
    void writesEveryEventTypeWithDecimalStringsAndUuids() throws Exception {
        EventJson writer = new EventJson(markets);
        for (EngineEvent event : trade()) {
            JsonNode node = mapper.readTree(writer.toJson(event));
            assertThat(node.get("type").asText()).isEqualTo(EventJson.type(event));
            assertThat(node.get("sequence").asLong()).isEqualTo(event.sequence());
            assertThat(node.get("timestamp").asLong()).isEqualTo(event.timestamp());
            if (event instanceof EngineEvent.Fill fill) {
                assertThat(node.get("price").asText()).isEqualTo("30000.0");
                assertThat(node.get("size").asText()).isEqualTo("0.5");
                assertThat(node.get("trade_id").asText()).isEqualTo(Ids.trade(fill.tradeId()).toString());
                assertThat(node.get("taker_side").asText()).isEqualTo("buy");
                assertThat(node.get("taker_fee").asText()).isEqualTo("7.5");
                assertThat(node.get("maker").get("client_order_id").asText()).isEqualTo("s1");
                assertThat(node.get("maker").get("open_size").asText()).isEqualTo("1.5");
                JsonNode trade = mapper.readTree(writer.tradeJson(fill));
                assertThat(trade.get("maker_user_address").asText()).isEqualTo("0xa11ce");
                assertThat(trade.has("maker")).isFalse();
                assertThat(node.has("liquidation")).as("ordinary fills carry no flag").isFalse();
                EngineEvent.Fill liquidationFill = new EngineEvent.Fill(fill.sequence(), fill.timestamp(),
                        fill.tradeId(), fill.marketId(), fill.taker(), fill.maker(), fill.price(), fill.size(),
                        fill.takerFee(), fill.makerFee(), true);
                assertThat(mapper.readTree(writer.toJson(liquidationFill)).get("liquidation").asBoolean()).isTrue();
                assertThat(mapper.readTree(writer.tradeJson(liquidationFill)).get("liquidation").asBoolean()).isTrue();
            }
            if (event instanceof EngineEvent.CommandRejected) {
                assertThat(node.get("reason").asText()).isEqualTo("INVALID_TICK");
                assertThat(node.get("command").get("price").asText()).isEqualTo("0.00000001");
            }
            if (event instanceof EngineEvent.OrderAccepted accepted) {
                assertThat(node.get("order").get("order_id").asText()).isEqualTo(Ids.order(accepted.order().orderId()).toString());
                assertThat(node.get("order").get("expires_at").isNull()).isTrue();
            }
            if (event instanceof EngineEvent.LevelChanged) {
                assertThat(node.get("order_count").isInt()).isTrue();
            }
        }
    }

    @Test
    void writesTheBookInOrderbookShape() throws Exception {
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(markets, recorder);
        engine.process(PlaceOrder.limit(10, "0xa11ce", 1, Side.SELL, 30_000 * PX, 2 * PX));
        engine.process(PlaceOrder.limit(11, "0xb0b", 1, Side.BUY, 29_999 * PX, PX / 4));
        engine.process(PlaceOrder.limit(12, "0xb0b", 1, Side.BUY, 29_999 * PX, PX / 4));
        JsonNode book = mapper.readTree(new BookJson(markets).toJson(engine.depth(1, 10)));
        assertThat(book.get("market_id").asLong()).isEqualTo(1);
        assertThat(book.get("bids").get(0).get("price").asText()).isEqualTo("29999.0");
        assertThat(book.get("bids").get(0).get("size").asText()).isEqualTo("0.5");
        assertThat(book.get("bids").get(0).get("order_count").asInt()).isEqualTo(2);
        assertThat(book.get("asks").get(0).get("size").asText()).isEqualTo("2.0");
    }

    @Test
    void orderWriterWritesASnapshot() throws Exception {
        EngineEvent.OrderAccepted accepted = (EngineEvent.OrderAccepted) trade().get(0);
        JsonNode order = mapper.readTree(new OrderJson(markets).toJson(accepted.order()));
        assertThat(order.get("side").asText()).isEqualTo("sell");
        assertThat(order.get("status").asText()).isEqualTo("open");
        assertThat(order.get("stp").asText()).isEqualTo("none");
        assertThat(order.get("price").asText()).isEqualTo("30000.0");
    }
}
