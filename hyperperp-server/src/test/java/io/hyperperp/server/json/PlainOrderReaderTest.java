package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The single order's fast path never answers differently from the general path it sits in front of: every body
 * it takes, the general path (flat object or tree, then {@link CommandJson}, as {@code RouteSupport.placeCommand}
 * runs them) reads into the very same command, and every body the general path refuses, it leaves to it (so the
 * error's code, field and message stay the general path's). Checked on the benchmark's bodies, on every kind of
 * hostile body, and on tens of thousands of random mutations of order bodies.
 */
class PlainOrderReaderTest {

    private static final long TIMESTAMP = 1_700_000_000_123_456L;
    private static final String ORDER = "{\"user_address\":\"0xb00b\",\"market_id\":1,\"side\":\"buy\","
            + "\"order_type\":\"limit\",\"time_in_force\":\"gtc\",\"size\":\"1.5\",\"price\":\"29990.25\","
            + "\"stp\":\"cancel_maker\",\"reduce_only\":true,\"client_order_id\":\"c-1\",\"expires_at\":99999999999}";
    /** The benchmark's body (bench/http OrderBodies). */
    private static final String BENCH = "{\"user_address\":\"0xb00a\",\"market_id\":1,\"side\":\"sell\","
            + "\"order_type\":\"limit\",\"time_in_force\":\"ioc\",\"size\":\"1.0\",\"price\":\"29990.0\",\"stp\":\"none\"}";

    private final MarketRegistry markets = MarketRegistry.of(List.of(
            new MarketSpec(1, "X", 2, 3, 1, 1, 1, 1_000_000, 0, 0, 0, 500, StpMode.NONE)), true, null);
    private final CommandJson json = new CommandJson(markets);
    private final ObjectMapper mapper = CommandJson.newMapper();

    @Test
    void readsThePlainOrdersIntoTheCommandsTheGeneralPathGives() {
        PlaceOrder full = plain(ORDER);
        assertThat(full).isEqualTo(new PlaceOrder(TIMESTAMP, "0xb00b", 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                2_999_025, 1_500, "c-1", true, StpMode.CANCEL_MAKER, 99_999_999_999L));
        for (String body : List.of(ORDER, BENCH,
                " \t\r\n{ \"user_address\" : \"0x1\" , \"market_id\" : 0 , \"side\" : \"buy\" , \"price\" : \"1\" , "
                        + "\"size\" : \"0.001\" }\n",
                "{\"size\":\"2\",\"side\":\"sell\",\"market_id\":7,\"user_address\":\"0xabc\",\"order_type\":\"market\"}",
                "{\"size\":\"2\",\"side\":\"sell\",\"market_id\":1,\"user_address\":\"0xabc\",\"order_type\":\"market\","
                        + "\"price\":\"100.10\",\"time_in_force\":\"fok\",\"reduce_only\":false}",
                BENCH.replace("\"ioc\"", "\"post_only\"").replace("\"1.0\"", "\"0\"").replace("29990.0", "29990.000"),
                BENCH.replace("0xb00a", "0x" + "f".repeat(64)).replace(":1,", ":999999999999999999,"),
                BENCH.replace("\"none\"", "\"cancel_both\"").replace("}", ",\"client_order_id\":\"\"}"),
                BENCH.replace("}", ",\"client_order_id\":\"buy\",\"expires_at\":0}"))) {
            assertThat(plain(body)).as(body).isNotNull();
            assertSameAsGeneralPath(body);
        }
    }

    @Test
    void leavesEveryOtherBodyToTheGeneralPath() {
        List<String> bodies = new ArrayList<>(List.of(
                ORDER.replace("\"side\"", "\"sid\\u0065\""),                      // escapes
                ORDER.replace("0xb00b", "0xb\\u0030"), ORDER.replace("c-1", "c\\\"1"),
                ORDER.replace("c-1", "cé"), "\uFEFF" + ORDER,                     // not ASCII, a byte-order mark
                ORDER.replace("\"stp\"", "\"side\""),                                  // a repeated name
                ORDER.replace("\"stp\":\"cancel_maker\"", "\"size\":\"1\""),
                ORDER.replace("\"stp\"", "\"surprise\""),                              // unknown names
                ORDER.replace("}", ",\"op\":\"cancel\"}"), ORDER.replace("}", ",\"timestamp\":5}"),
                ORDER.replace("}", ",\"order_id\":\"x\"}"),
                ORDER.replace("}", ",\"trigger_price\":\"5\"}"), ORDER.replace("}", ",\"trigger_by\":\"mark\"}"),
                ORDER.replace("}", ",\"oco_group\":\"g\"}"),
                ORDER.replace("\"limit\"", "\"stop_limit\"").replace("}", ",\"trigger_price\":\"5\"}"),
                ORDER.replace("\"limit\"", "\"take_profit_market\""),                 // conditional types
                ORDER.replace("\"limit\"", "\"LIMIT\""), ORDER.replace("\"buy\"", "\"bid\""),   // unknown enum names
                ORDER.replace("\"gtc\"", "\"day\""), ORDER.replace("\"cancel_maker\"", "\"\""),
                ORDER.replace("\"buy\"", "1"), ORDER.replace("\"gtc\"", "true"),               // wrong types
                ORDER.replace("\"1.5\"", "1.5"), ORDER.replace("\"1.5\"", "15"), ORDER.replace("\"c-1\"", "7"),
                ORDER.replace(":1,", ":\"1\","), ORDER.replace(":1,", ":1.0,"), ORDER.replace("true", "\"true\""),
                ORDER.replace("99999999999", "\"9\""), ORDER.replace("true", "1"),
                ORDER.replace("\"c-1\"", "null"), ORDER.replace("\"gtc\"", "null"),            // nulls
                ORDER.replace(":1,", ":null,"), ORDER.replace("true", "null"),
                ORDER.replace("99999999999", "null"), ORDER.replace("\"1.5\"", "null"),
                ORDER.replace(":1,", ":-1,"), ORDER.replace("99999999999", "-5"),             // negative integers
                ORDER.replace(":1,", ":-0,"), ORDER.replace(":1,", ":01,"),
                ORDER.replace(":1,", ":1234567890123456789,"),                                // huge numbers
                ORDER.replace(":1,", ":99999999999999999999999,"),
                ORDER.replace("29990.25", "9".repeat(30)), ORDER.replace("29990.25", "92233720368547758.08"),
                ORDER.replace("29990.25", "29990.251"), ORDER.replace("1.5", "1.5000001"),   // too many decimals
                ORDER.replace("29990.25", "-29990.25"), ORDER.replace("29990.25", "+29990.25"),
                ORDER.replace("29990.25", ""), ORDER.replace("29990.25", "."), ORDER.replace("29990.25", "1.2.3"),
                ORDER.replace("29990.25", "1e3"), ORDER.replace("29990.25", " 1"), ORDER.replace("29990.25", "0x10"),
                ORDER.replace("29990.25", "1".repeat(65)),
                ORDER.replace("0xb00b", "0xB00B"), ORDER.replace("0xb00b", "0x0b00b"),       // not canonical
                ORDER.replace("0xb00b", "b00b"), ORDER.replace("0xb00b", "0x"), ORDER.replace("0xb00b", "0x" + "f".repeat(65)),
                ORDER.replace("\"user_address\":\"0xb00b\",", ""),                           // missing fields
                ORDER.replace("\"market_id\":1,", ""), ORDER.replace("\"side\":\"buy\",", ""),
                ORDER.replace("\"size\":\"1.5\",", ""), ORDER.replace("\"price\":\"29990.25\",", ""),
                ORDER.replace("\"stp\":\"cancel_maker\"", "\"stp\":[\"none\"]"),            // nesting
                ORDER.replace("\"c-1\"", "{\"a\":1}"), "[" + ORDER + "]",
                ORDER + " {}", ORDER + "x", ORDER.substring(0, ORDER.length() - 1),          // truncation, trailing
                ORDER.replace("}", ",}"), ORDER.substring(0, 40), ORDER.replace(",", ",,"),
                ORDER.replace("true", "truey"), ORDER.replace("true", "tru"), ORDER.replace("true", "fals"),
                "{\"size\":\"" + "9".repeat(AsciiJsonCursor.MAX_BODY) + "\"}",
                "{}", "[]", "\"x\"", "", "   ", "{", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{,}", "null", "1"));
        for (String body : bodies) {
            assertThat(plain(body)).as(body).isNull();
            assertSameAsGeneralPath(body);
        }
    }

    @Test
    void everyMutationOfAnOrderIsReadAsTheGeneralPathReadsItOrLeftToIt() {
        byte[] alphabet = bytes("{}[]:,\"\\ \t\n\r-+.0159eEtfnrux/'aAZ~bcdgilmoprsyk_");
        SplittableRandom random = new SplittableRandom(14);
        int taken = 0;
        for (String order : List.of(ORDER, BENCH)) {
            for (int n = 0; n < 20_000; n++) {
                byte[] body = bytes(order);
                for (int k = 1 + random.nextInt(2); k > 0; k--) {
                    int at = random.nextInt(body.length);
                    int pick = random.nextInt(alphabet.length + 3);
                    body[at] = pick < alphabet.length ? alphabet[pick] : (byte) (pick == alphabet.length ? 0 : 0xC3 + pick);
                }
                taken += assertSameAsGeneralPath(body) ? 1 : 0;
            }
        }
        // The mutations that leave a plain order (a digit, a space, another enum name) must have been taken.
        assertThat(taken).isGreaterThan(500);
    }

    private PlaceOrder plain(String body) {
        return json.plainPlacement(bytes(body), () -> TIMESTAMP);
    }

    private boolean assertSameAsGeneralPath(String body) {
        return assertSameAsGeneralPath(bytes(body));
    }

    /** True when the fast path took the body; fails when it took one the general path reads otherwise. */
    private boolean assertSameAsGeneralPath(byte[] body) {
        PlaceOrder plain = json.plainPlacement(body, () -> TIMESTAMP);
        if (plain == null) {
            return false;
        }
        ParseResult general = general(body);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(general).as(text).isInstanceOf(ParsedCommand.class);
        assertThat(((ParsedCommand) general).command()).as(text).isEqualTo(plain);
        return true;
    }

    /** RouteSupport.placeCommand's general path: flat object or tree, the reserved names refused, then CommandJson. */
    private ParseResult general(byte[] body) {
        FlatJsonObject flat = FlatJsonObject.parse(mapper.getFactory(), body);
        if (flat != null) {
            if (flat.has("op") || flat.has("timestamp")) {
                return new ParseError("op", ParseErrorCode.UNKNOWN_FIELD, "reserved");
            }
            flat.append("op", TextNode.valueOf("place"));
            flat.append("timestamp", LongNode.valueOf(TIMESTAMP));
            return json.parse(flat);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (Exception e) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "malformed");
        }
        if (node == null || !node.isObject()) {
            return new ParseError(null, ParseErrorCode.INVALID_JSON, "not an object");
        }
        ObjectNode object = (ObjectNode) node;
        if (object.has("op") || object.has("timestamp")) {
            return new ParseError("op", ParseErrorCode.UNKNOWN_FIELD, "reserved");
        }
        object.put("op", "place");
        object.put("timestamp", TIMESTAMP);
        return json.parse(object);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
