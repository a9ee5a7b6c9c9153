package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalCommandJsonTest {

    private final CommandJson json = new CommandJson(MarketRegistry.defaults());

    private Command parse(String line) {
        ParseResult result = json.parse(line);
        assertThat(result).as(line).isInstanceOf(ParsedCommand.class);
        return ((ParsedCommand) result).command();
    }

    private ParseError error(String line) {
        ParseResult result = json.parse(line);
        assertThat(result).as(line).isInstanceOf(ParseError.class);
        return (ParseError) result;
    }

    @Test
    void parsesEveryConditionalKindAndWritesItBack() {
        String line = "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"side\":\"sell\",\"order_type\":\"stop_limit\",\"trigger_price\":\"29000.0\",\"trigger_by\":\"mark\","
                + "\"price\":\"28950.0\",\"size\":\"1.5\",\"client_order_id\":\"sl-1\",\"reduce_only\":true,"
                + "\"oco_group\":\"bracket\"}";
        PlaceConditionalOrder order = (PlaceConditionalOrder) parse(line);
        assertThat(order.kind()).isEqualTo(TriggerKind.STOP);
        assertThat(order.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(order.side()).isEqualTo(Side.SELL);
        assertThat(order.triggerPrice()).isEqualTo(2_900_000_000_000L);
        assertThat(order.triggerBy()).isEqualTo(TriggerReference.MARK);
        assertThat(order.price()).isEqualTo(2_895_000_000_000L);
        assertThat(order.size()).isEqualTo(150_000_000L);
        assertThat(order.ocoGroup()).isEqualTo("bracket");
        assertThat(parse(json.write(order))).isEqualTo(order);

        PlaceConditionalOrder tp = (PlaceConditionalOrder) parse("{\"op\":\"place\",\"timestamp\":5,"
                + "\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"take_profit_market\","
                + "\"trigger_price\":\"28000\",\"size\":\"1\"}");
        assertThat(tp.kind()).isEqualTo(TriggerKind.TAKE_PROFIT);
        assertThat(tp.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(tp.triggerBy()).isEqualTo(TriggerReference.LAST);
        assertThat(parse(json.write(tp))).isEqualTo(tp);
    }

    @Test
    void amendWithTriggerAndMarkPriceUpdate() {
        String uuid = io.hyperperp.core.order.Ids.order(3).toString();
        Command amend = parse("{\"op\":\"amend\",\"timestamp\":6,\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"order_id\":\"" + uuid + "\",\"trigger_price\":\"29100\"}");
        assertThat(amend).isEqualTo(new AmendConditionalOrder(6, "0xa11ce", 1, 3, null, 2_910_000_000_000L,
                AmendOrder.UNCHANGED, AmendOrder.UNCHANGED));
        assertThat(parse(json.write(amend))).isEqualTo(amend);
        Command mark = parse("{\"op\":\"update_mark_price\",\"timestamp\":7,\"user_address\":\"0x0\",\"market_id\":1,"
                + "\"mark_price\":\"30001.5\"}");
        assertThat(mark).isEqualTo(new UpdateMarkPrice(7, "0x0", 1, 3_000_150_000_000L));
        assertThat(parse(json.write(mark))).isEqualTo(mark);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"stop_market\",\"size\":\"1\"} | trigger_price",
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"stop_loss\",\"trigger_price\":\"1\",\"size\":\"1\"} | order_type",
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"limit\",\"price\":\"1\",\"trigger_price\":\"1\",\"size\":\"1\"} | trigger_price",
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"stop_market\",\"trigger_price\":\"1\",\"time_in_force\":\"gtc\",\"size\":\"1\"} | time_in_force",
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"stop_limit\",\"trigger_price\":\"1\",\"size\":\"1\"} | price",
        "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"stop_market\",\"trigger_price\":\"1\",\"trigger_by\":\"index\",\"size\":\"1\"} | trigger_by",
        "{\"op\":\"update_mark_price\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1} | mark_price",
        "{\"op\":\"update_mark_price\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"mark_price\":\"NaN\"} | mark_price",
    })
    void refusesBadConditionalInputNamingTheField(String line, String field) {
        assertThat(error(line).field()).isEqualTo(field);
    }

    @Test
    void aCommandLogWithStopsRunsThroughTheEngine() {
        String[] log = {
            "{\"op\":\"place\",\"timestamp\":1,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"sell\",\"price\":\"100\",\"size\":\"1\"}",
            "{\"op\":\"place\",\"timestamp\":2,\"user_address\":\"0xb\",\"market_id\":1,\"side\":\"buy\",\"price\":\"100\",\"size\":\"1\"}",
            "{\"op\":\"place\",\"timestamp\":3,\"user_address\":\"0xc\",\"market_id\":1,\"side\":\"sell\",\"order_type\":\"stop_limit\",\"trigger_price\":\"99\",\"price\":\"98\",\"size\":\"1\"}",
            "{\"op\":\"place\",\"timestamp\":4,\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"sell\",\"price\":\"99\",\"size\":\"1\"}",
            "{\"op\":\"place\",\"timestamp\":5,\"user_address\":\"0xb\",\"market_id\":1,\"side\":\"buy\",\"price\":\"99\",\"size\":\"1\"}",
        };
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(MarketRegistry.defaults(), recorder);
        for (String line : log) {
            engine.process(parse(line));
        }
        assertThat(recorder.events()).anyMatch(e -> e instanceof io.hyperperp.core.event.EngineEvent.ConditionalTriggered);
        assertThat(engine.depth(1, 5).asks()).extracting(l -> l.price()).containsExactly(9_800_000_000L);
        EventJson events = new EventJson(MarketRegistry.defaults());
        assertThat(recorder.events().stream().map(events::toJson))
                .anyMatch(s -> s.contains("\"type\":\"conditional_triggered\"") && s.contains("\"order_type\":\"stop_limit\""));
    }
}
