package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    private static final long PX = 100_000_000L;

    /** A shape written once against {@link JsonOut}. */
    private interface Shape {
        void write(JsonOut out) throws IOException;
    }

    private static byte[] jackson(Shape shape) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactories.shared().createGenerator(bytes)) {
            shape.write(JsonOut.of(g));
        }
        return bytes.toByteArray();
    }

    private static byte[] direct(JsonBytes out, Shape shape) throws IOException {
        out.reset();
        shape.write(out);
        return out.toByteArray();
    }

    @Test
    void everyStringIsWrittenAsJacksonWritesIt() throws IOException {
        List<String> strings = new ArrayList<>(List.of("", "plain", "quote\" back\\slash", "slash/ok", "tab\t nl\n cr\r",
                "bell\u0007 bs\b ff\f nul\u0000 us\u001f del\u007f", "caf\u00e9 \u20ac \u4e2d", "emoji \ud83d\ude00 end", "lone \ud83d high", "lone \ude00 low",
                "</script>", "0xa11ce"));
        for (char c = 0; c < 0x80; c++) {
            strings.add("x" + c + "y");
        }
        // A small buffer, so that escapes and multi-byte characters also make it grow.
        JsonBytes out = new JsonBytes(16);
        for (String s : strings) {
            Shape shape = g -> {
                g.startObject();
                g.string(s, s);
                g.string("null", null);
                g.endObject();
            };
            assertThat(new String(direct(out, shape), java.nio.charset.StandardCharsets.UTF_8)).as(s)
                    .isEqualTo(new String(jackson(shape), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(direct(out, shape)).as(s).isEqualTo(jackson(shape));
        }
    }

    @Test
    void namesKeptFromEarlierAnswersAreWrittenAsJacksonWritesThem() throws IOException {
        // "Aa" and "BB" share a hash, so they take each other's slot; the long name is never kept.
        List<String> names = List.of("Aa", "BB", "Aa", "x\"y", "x\"y", "caf\u00e9", "caf\u00e9", "n".repeat(65), "BB",
                "order_id", "order_id");
        JsonBytes out = new JsonBytes(16);
        for (int round = 0; round < 2; round++) {
            for (String name : names) {
                Shape shape = g -> {
                    g.startObject();
                    g.number(name, 1);
                    g.startArray(name);
                    g.endArray();
                    g.endObject();
                };
                assertThat(direct(out, shape)).as(name).isEqualTo(jackson(shape));
            }
        }
    }

    @Test
    void numbersOfEveryLengthAndUuidsMatchJackson() throws IOException {
        List<Long> numbers = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 0L, -1L));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            numbers.addAll(List.of(p - 1, p, p + 1, -(p - 1), -p, -(p + 1), p * 10 - 1));
        }
        List<java.util.UUID> ids = new ArrayList<>(List.of(new java.util.UUID(0, 0), new java.util.UUID(-1, -1),
                java.util.UUID.fromString("48595045-0001-8000-8000-0000000aae61"),
                new java.util.UUID(0x0123456789abcdefL, 0xfedcba9876543210L)));
        for (long n : numbers) {
            ids.add(new java.util.UUID(n, ~n));
            ids.add(io.hyperperp.core.order.Ids.order(1 + Math.abs(n % 1_000_000_007L)));
        }
        Shape shape = g -> {
            g.startObject();
            g.startArray("n");
            g.endArray();
            for (long n : numbers) {
                g.number("n", n);
            }
            for (java.util.UUID id : ids) {
                g.uuid("u", id);
            }
            g.uuid("none", null);
            g.endObject();
        };
        // A small buffer, so that numbers and ids also make it grow.
        assertThat(new String(direct(new JsonBytes(4), shape), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(shape), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void nestingNumbersAndLiteralsMatchJackson() throws IOException {
        Shape shape = g -> {
            g.startObject();
            g.number("min", Long.MIN_VALUE);
            g.number("max", Long.MAX_VALUE);
            g.number("zero", 0);
            for (long v : new long[] {0, 5, -5, 3_000_000_000_000L, -123_456_789, Long.MAX_VALUE, Long.MIN_VALUE}) {
                for (int scale : new int[] {0, 1, 2, 8, 18}) {
                    g.decimal("d" + scale, v, scale);
                }
            }
            g.bool("t", true);
            g.bool("f", false);
            g.nullField("n");
            g.startArray("empty");
            g.endArray();
            g.startArray("objects");
            for (int i = 0; i < 3; i++) {
                g.startObject();
                g.number("i", i);
                g.startArray("inner");
                g.endArray();
                g.endObject();
            }
            g.endArray();
            g.name("nested");
            g.startObject();
            g.name("deeper");
            g.startObject();
            g.endObject();
            g.string("after", "x");
            g.endObject();
            g.string("last", "y");
            g.endObject();
        };
        assertThat(direct(new JsonBytes(4), shape)).isEqualTo(jackson(shape));
    }

    @Test
    void ordersWithAndWithoutOptionalFieldsAreTheSameBytes() throws IOException {
        MarketRegistry markets = MarketRegistry.defaults();
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(markets, recorder);
        engine.process(PlaceOrder.limit(10, "0xa11ce", 1, Side.SELL, 30_000 * PX, 2 * PX)
                .withClientOrderId("c-1:/x.y_Z").withExpiresAt(99_000_000));
        engine.process(PlaceOrder.limit(11, "0xb0b", 1, Side.BUY, 30_001 * PX, PX / 2));
        OrderJson orders = new OrderJson(markets);
        JsonBytes out = new JsonBytes(64);
        int written = 0;
        for (EngineEvent e : recorder.drain()) {
            if (e instanceof EngineEvent.OrderAccepted a) {
                assertThat(direct(out, g -> orders.write(a.order(), g))).isEqualTo(jackson(g -> orders.write(a.order(), g)));
                written++;
            }
        }
        assertThat(written).isEqualTo(2);
    }
    @Test
    void namesOfOneHashAreWrittenRightEachTimeHoweverManyShareIt() throws IOException {
        // "Aa" and "BB" hash alike, so these six names share one hash: more than a name's slots.
        List<String> names = new ArrayList<>();
        for (String a : new String[] {"Aa", "BB"}) {
            for (String b : new String[] {"Aa", "BB"}) {
                names.add("q_" + a + b);
            }
        }
        names.add("q_AaAaAa");
        names.add("q_BBBBBB");
        // Two names of an order answer whose hashes fall in one slot, and names that need escaping (never kept).
        names.addAll(List.of("open_size", "trade_id", "client_order_id", "taker_order_id", "t\"ab\u00e9"));
        JsonBytes out = new JsonBytes(16);
        Shape shape = o -> {
            o.startObject();
            for (int i = 0; i < names.size(); i++) {
                o.number(names.get(i), i);
            }
            o.endObject();
        };
        for (int round = 0; round < 3; round++) {
            assertThat(new String(direct(out, shape), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(jackson(shape), java.nio.charset.StandardCharsets.UTF_8));
        }
        // One name at a time, in reverse: each finds its own bytes, never another's of the same hash.
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            Shape one = o -> {
                o.startObject();
                o.bool(name, true);
                o.endObject();
            };
            assertThat(direct(out, one)).isEqualTo(jackson(one));
        }
    }

    @Test
    void namesMadeOnceAreWrittenAsTheirTextIs() throws IOException {
        JsonName id = JsonName.of("order_id");
        JsonName fills = JsonName.of("fills");
        JsonName nothing = JsonName.of("cancel_reason");
        Shape byName = g -> {
            g.startObject();
            g.uuid(id, new java.util.UUID(0x4859504500018000L, 0x8000000000000001L));
            g.string(JsonName.of("side"), "buy");
            g.decimal(JsonName.of("size"), 150, 2);
            g.number(JsonName.of("n"), -7);
            g.bool(JsonName.of("reduce_only"), true);
            g.nullField(nothing);
            g.uuid(JsonName.of("maker_order_id"), null);
            g.startArray(fills);
            g.startObject();
            g.string(JsonName.of("x"), null);
            g.endObject();
            g.endArray();
            g.name(JsonName.of("order"));
            g.startObject();
            g.endObject();
            g.endObject();
        };
        Shape byText = g -> {
            g.startObject();
            g.uuid("order_id", new java.util.UUID(0x4859504500018000L, 0x8000000000000001L));
            g.string("side", "buy");
            g.decimal("size", 150, 2);
            g.number("n", -7);
            g.bool("reduce_only", true);
            g.nullField("cancel_reason");
            g.uuid("maker_order_id", null);
            g.startArray("fills");
            g.startObject();
            g.string("x", null);
            g.endObject();
            g.endArray();
            g.name("order");
            g.startObject();
            g.endObject();
            g.endObject();
        };
        byte[] expected = jackson(byText);
        assertThat(direct(new JsonBytes(8), byName)).isEqualTo(expected);
        assertThat(jackson(byName)).isEqualTo(expected);
        assertThat(new String(expected, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"order_id\":\"48595045-0001-8000");
    }

    @Test
    void aNameThatJsonWouldEscapeIsNotMadeOnce() {
        for (String name : List.of("a\"b", "back\\slash", "tab\t", "caf\u00e9", "del\u007f")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonName.of(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(JsonName.of("plain_name").text()).isEqualTo("plain_name");
    }
}
