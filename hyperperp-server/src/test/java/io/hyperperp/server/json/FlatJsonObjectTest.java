package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hyperperp.core.market.MarketRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streamed order body reads exactly as its tree: the same command, or the same error (field, code,
 * message), for good and hostile bodies alike; what is not a flat object goes back to the tree path.
 */
class FlatJsonObjectTest {

    private static final String GOOD = "\"user_address\":\"0xb00b\",\"market_id\":1,\"side\":\"buy\","
            + "\"order_type\":\"limit\",\"time_in_force\":\"gtc\",\"size\":\"1.5\",\"price\":\"30000.25\"";

    private final ObjectMapper mapper = CommandJson.newMapper();
    private final CommandJson commands = new CommandJson(MarketRegistry.defaults());

    /** Bodies whose every value is a scalar: the streaming parser takes them. */
    private static final List<String> FLAT = List.of(
            "{" + GOOD + "}",
            "{" + GOOD + ",\"stp\":\"none\",\"reduce_only\":true,\"client_order_id\":\"c-1\",\"expires_at\":99999999999}",
            "{\"price\":\"30000\",\"size\":\"1\",\"side\":\"sell\",\"market_id\":1,\"user_address\":\"0xb00b\"}",
            "{" + GOOD.replace("\"1.5\"", "1.5") + "}",
            "{" + GOOD.replace("\"1.5\"", "1.50000000000000000000000") + "}",
            "{" + GOOD.replace("\"1.5\"", "1e400") + "}",
            "{" + GOOD.replace("\"1.5\"", "-1.5") + "}",
            "{" + GOOD.replace("\"1.5\"", "0.000000001") + "}",
            "{" + GOOD.replace("\"1.5\"", "123456789012345678901234567890") + "}",
            "{" + GOOD.replace("\"1.5\"", "\"99999999999999999999.0\"") + "}",
            "{" + GOOD.replace("\"1.5\"", "true") + "}",
            "{" + GOOD.replace("\"1.5\"", "null") + "}",
            "{" + GOOD.replace("\"1.5\"", "\"+1\"") + "}",
            "{" + GOOD.replace("\"market_id\":1", "\"market_id\":1.0") + "}",
            "{" + GOOD.replace("\"market_id\":1", "\"market_id\":\"1\"") + "}",
            "{" + GOOD.replace("\"market_id\":1", "\"market_id\":99999999999999999999") + "}",
            "{" + GOOD.replace("\"market_id\":1", "\"market_id\":-1") + "}",
            "{" + GOOD.replace("\"market_id\":1", "\"market_id\":4294967296") + "}",
            "{" + GOOD.replace("\"buy\"", "\"BUY\"") + "}",
            "{" + GOOD.replace("\"buy\"", "7") + "}",
            "{" + GOOD.replace("\"0xb00b\"", "\"0xB00B\"") + "}",
            "{" + GOOD + ",\"reduce_only\":\"true\"}",
            "{" + GOOD + ",\"leverage\":3}",
            "{" + GOOD + ",\"\\u0000evil\\nfield-name-that-goes-on-and-on-and-on-and-on\":1}",
            "{" + GOOD + ",\"trigger_price\":\"1\"}",
            "{\"order_type\":\"stop_limit\",\"trigger_price\":\"29000\"," + GOOD.replace("\"order_type\":\"limit\",", "")
                    .replace("\"time_in_force\":\"gtc\",", "") + "}",
            "{}",
            "{\"size\":null}");

    /** Not flat objects: the tree path words their errors (nested values, duplicates, malformed, trailing). */
    private static final List<String> NOT_FLAT = List.of(
            "{" + GOOD + ",\"price\":\"1\"}",
            "{\"price\":null," + GOOD + "}",
            "{" + GOOD + ",\"pr\\u0069ce\":\"1\"}",
            "{" + GOOD.replace("\"1.5\"", "{\"a\":1}") + "}",
            "{" + GOOD.replace("\"1.5\"", "[1]") + "}",
            "{" + GOOD + ",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}",
            "{" + GOOD + "} {}",
            "{" + GOOD + "",
            "{" + GOOD + ",}",
            "[" + "{" + GOOD + "}" + "]",
            "\"order\"",
            "",
            "{'user_address':'0xb00b'}",
            "{" + GOOD.replace("\"1.5\"", "NaN") + "}",
            "{" + GOOD.replace("\"1.5\"", "01") + "}");

    @Test
    void aFlatBodyParsesToTheSameCommandOrTheSameErrorAsItsTree() throws Exception {
        for (String body : FLAT) {
            FlatJsonObject flat = FlatJsonObject.parse(mapper.getFactory(), bytes(body));
            assertThat(flat).as(body).isNotNull();
            ObjectNode tree = (ObjectNode) mapper.readTree(body);
            assertThat(viaStream(flat)).as(body).isEqualTo(viaTree(tree));
        }
    }

    @Test
    void anythingElseIsLeftToTheTreePath() {
        for (String body : NOT_FLAT) {
            assertThat(FlatJsonObject.parse(mapper.getFactory(), bytes(body))).as(body).isNull();
        }
    }

    @Test
    void aBatchIsStreamedOnlyWhenEveryOrderIsFlatAndTheWrapperIsExact() throws Exception {
        String order = "{" + GOOD + "}";
        List<FlatJsonObject> wrapped = FlatJsonObject.parseBatch(mapper.getFactory(),
                bytes("{\"orders\":[" + order + "," + order.replace("buy", "sell") + "]}"));
        assertThat(wrapped).hasSize(2);
        assertThat(viaStream(wrapped.get(1))).isEqualTo(viaTree((ObjectNode) mapper.readTree(order.replace("buy", "sell"))));
        assertThat(FlatJsonObject.parseBatch(mapper.getFactory(), bytes("[" + order + "]"))).hasSize(1);
        assertThat(FlatJsonObject.parseBatch(mapper.getFactory(), bytes("{\"orders\":[]}"))).isEmpty();
        for (String body : List.of("{\"orders\":[" + order + "],\"x\":1}", "{\"orders\":[" + order + ",1]}",
                "{\"orders\":[" + order + "]", "{\"orders\":[" + order + "]} []", "{\"order\":[" + order + "]}",
                "{\"orders\":{}}", "{\"orders\":[{\"a\":[1]}]}", "{\"orders\":[" + order.replace("}", ",\"side\":\"buy\"}") + "]}",
                "", "7")) {
            assertThat(FlatJsonObject.parseBatch(mapper.getFactory(), bytes(body))).as(body).isNull();
        }
    }

    private Object viaStream(FlatJsonObject flat) {
        flat.append("op", TextNode.valueOf("place"));
        flat.append("timestamp", LongNode.valueOf(1_000));
        return comparable(commands.parse(flat));
    }

    private Object viaTree(ObjectNode tree) {
        tree.put("op", "place");
        tree.put("timestamp", 1_000L);
        return comparable(commands.parse((JsonNode) tree));
    }

    private static Object comparable(ParseResult r) {
        return r instanceof ParsedCommand c ? c.command() : r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
