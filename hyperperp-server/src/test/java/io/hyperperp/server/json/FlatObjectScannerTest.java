package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader takes only what Jackson's streaming parse also takes, into the same names and the
 * same nodes (class and value), and leaves everything else to it: checked on chosen bodies and on
 * thousands of single-byte mutations of an order body.
 */
class FlatObjectScannerTest {

    private static final String ORDER = "{\"user_address\":\"0xb00b\",\"market_id\":1,\"side\":\"buy\","
            + "\"order_type\":\"limit\",\"time_in_force\":\"gtc\",\"size\":\"1.0\",\"price\":\"29990.0\","
            + "\"stp\":\"none\",\"reduce_only\":false,\"client_order_id\":null,\"expires_at\":99999999999}";

    private final ObjectMapper mapper = CommandJson.newMapper();

    @Test
    void takesThePlainOrderBodiesAsJacksonReadsThem() {
        for (String body : List.of(ORDER, "{}", " \t\r\n{ \"size\" : \"1\" , \"x\":-7 }\n",
                "{\"market_id\":2147483647,\"a\":2147483648,\"b\":-2147483648,\"c\":-2147483649}",
                "{\"market_id\":999999999999999999,\"side\":\"sell\",\"other\":\"text with spaces ~!\"}",
                "{\"a\":true,\"b\":false,\"c\":null,\"d\":0,\"e\":\"\"}")) {
            assertThat(FlatObjectScanner.scan(bytes(body))).as(body).isNotNull();
            assertSameAsJackson(body);
        }
    }

    @Test
    void leavesToJacksonWhatItDoesNotRead() {
        for (String body : List.of(
                ORDER.replace("0xb00b", "0xb\\u0030"),                  // an escape
                ORDER.replace("0xb00b", "0xbé"),                        // not ASCII
                ORDER.replace("\"1.0\"", "1.0"),                         // a fraction
                ORDER.replace("\"1.0\"", "1e3"),                         // an exponent
                ORDER.replace(":1,", ":01,"),                            // a leading zero
                ORDER.replace(":1,", ":-0,"),
                ORDER.replace(":1,", ":1234567890123456789,"),           // 19 digits
                ORDER.replace(":1,", ":-,"),
                ORDER.replace(":1,", ":1x,"),
                ORDER.replace("false", "falsey"),
                ORDER.replace("\"stp\":\"none\"", "\"stp\":[\"none\"]"), // nesting
                ORDER.replace("\"stp\"", "\"side\""),                    // a repeated name
                ORDER + " {}", ORDER + "x", ORDER.substring(0, ORDER.length() - 1), ORDER.replace("}", ",}"),
                "\uFEFF" + ORDER,                                        // a byte-order mark
                ORDER.replace("0xb00b", "0xb\u0001"), ORDER.replace("0xb00b", "0xb\u007f"),
                "{\"size\":\"" + "9".repeat(FlatObjectScanner.MAX_BODY) + "\"}",
                "[]", "\"x\"", "", "   ", "{", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,,\"b\":2}")) {
            assertThat(FlatObjectScanner.scan(bytes(body))).as(body).isNull();
            assertSameAsJackson(body);
        }
    }

    @Test
    void everySingleByteMutationOfAnOrderIsReadAsJacksonReadsItOrLeftToIt() {
        byte[] order = bytes(ORDER);
        byte[] alphabet = bytes("{}[]:,\"\\ \t\n\r-+.0159eEtfnrux/'aAZ~");
        SplittableRandom random = new SplittableRandom(15);
        int taken = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] body = order.clone();
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                int at = random.nextInt(body.length);
                int pick = random.nextInt(alphabet.length + 3);
                body[at] = pick < alphabet.length ? alphabet[pick] : (byte) (pick == alphabet.length ? 0 : 0xC3 + pick);
            }
            taken += assertSameAsJackson(body) ? 1 : 0;
        }
        // The mutations that still read as an object with the same kinds of values must have been taken.
        assertThat(taken).isGreaterThan(1_000);
    }

    /** The reader's result is Jackson's (names in order, node classes and values), or null; true if it read it. */
    private boolean assertSameAsJackson(String body) {
        return assertSameAsJackson(bytes(body));
    }

    private boolean assertSameAsJackson(byte[] body) {
        FlatJsonObject scanned = FlatObjectScanner.scan(body);
        if (scanned == null) {
            return false;
        }
        String shown = new String(body, StandardCharsets.ISO_8859_1);
        FlatJsonObject jackson = FlatJsonObject.parseWithJackson(mapper.getFactory(), body);
        assertThat(jackson).as("Jackson refuses what the reader took: " + shown).isNotNull();
        assertThat(names(scanned)).as(shown).isEqualTo(names(jackson));
        for (String name : names(scanned)) {
            JsonNode mine = scanned.get(name);
            JsonNode theirs = jackson.get(name);
            assertThat(mine.getClass()).as(shown + " " + name).isEqualTo(theirs.getClass());
            assertThat(mine).as(shown + " " + name).isEqualTo(theirs);
        }
        return true;
    }

    private static List<String> names(FlatJsonObject object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
