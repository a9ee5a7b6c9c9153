package io.hyperperp.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte-level first try of {@link FlatJsonObject#parse}: a strict reader of the plainest flat objects,
 * without a Jackson parser per request (creating one was half of the streaming parse's time). It accepts a
 * subset of what Jackson accepts: strings of printable ASCII without escapes, integers of at most 18 digits,
 * {@code true}, {@code false}, {@code null}, JSON whitespace, no repeated name. Anything else (an escape,
 * a byte outside printable ASCII, a fraction or exponent, a leading zero, nesting, a repeated name, a
 * trailing token, a body over {@link #MAX_BODY} bytes) gives null, and the caller reads the body with
 * Jackson as before, which accepts it or words the error exactly as it always has. What it accepts, it
 * reads into the very nodes Jackson's parse would give (an integer as an int node when it fits in 32 bits,
 * else a long node), so {@link CommandJson} cannot tell the two paths apart.
 */
final class FlatObjectScanner extends AsciiJsonCursor {

    /** Field names and values an order repeats on every request, shared instead of made per request. */
    private static final byte[][] NAME_BYTES;
    private static final String[] NAMES;
    private static final byte[][] VALUE_BYTES;
    private static final TextNode[] VALUES;

    static {
        List<String> names = List.of("user_address", "market_id", "side", "order_type", "time_in_force", "price",
                "size", "client_order_id", "reduce_only", "stp", "expires_at", "trigger_price", "trigger_by",
                "oco_group", "order_id", "op", "timestamp");
        NAMES = names.toArray(String[]::new);
        NAME_BYTES = ascii(names);
        List<String> values = new ArrayList<>();
        for (Class<? extends Enum<?>> type : List.of(Side.class, OrderType.class, TimeInForce.class, StpMode.class,
                TriggerReference.class)) {
            for (Enum<?> constant : type.getEnumConstants()) {
                values.add(EnumWireNames.wireName(constant)); // interned: matched by reference later
            }
        }
        VALUE_BYTES = ascii(values);
        VALUES = values.stream().map(TextNode::valueOf).toArray(TextNode[]::new);
    }

    private FlatObjectScanner(byte[] body) {
        super(body);
    }

    /** The body as a flat object, or null: not one this reader takes (Jackson then reads it). */
    static FlatJsonObject scan(byte[] body) {
        if (body.length > MAX_BODY) {
            return null;
        }
        return new FlatObjectScanner(body).object();
    }

    private FlatJsonObject object() {
        if (skipSpace() != '{') {
            return null;
        }
        at++;
        FlatJsonObject object = new FlatJsonObject();
        int c = skipSpace();
        if (c == '}') {
            return end(object);
        }
        while (c == '"') {
            String name = name();
            if (name == null || object.has(name) || skipSpace() != ':') {
                return null;
            }
            at++;
            JsonNode value = value(skipSpace());
            if (value == null) {
                return null;
            }
            object.append(name, value);
            c = skipSpace();
            if (c == '}') {
                return end(object);
            }
            if (c != ',') {
                return null;
            }
            at++;
            c = skipSpace();
        }
        return null;
    }

    /** After the closing brace: only whitespace may follow. */
    private FlatJsonObject end(FlatJsonObject object) {
        return endsAfterBrace() ? object : null;
    }

    private JsonNode value(int c) {
        return switch (c) {
            case '"' -> text();
            case 't' -> literal("true", BooleanNode.TRUE);
            case 'f' -> literal("false", BooleanNode.FALSE);
            case 'n' -> literal("null", NullNode.getInstance());
            default -> integerStart(c) ? integerNode() : null;
        };
    }

    /** A field name at its opening quote: a shared string when it is one of an order's. */
    private String name() {
        int start = at + 1;
        int end = closingQuote(start);
        if (end < 0) {
            return null;
        }
        at = end + 1;
        int k = find(NAME_BYTES, start, end);
        return k >= 0 ? NAMES[k] : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** A string value at its opening quote: a shared node when it is one of the enums' wire names. */
    private JsonNode text() {
        int start = at + 1;
        int end = closingQuote(start);
        if (end < 0) {
            return null;
        }
        at = end + 1;
        int k = find(VALUE_BYTES, start, end);
        return k >= 0 ? VALUES[k] : TextNode.valueOf(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private JsonNode literal(String word, JsonNode node) {
        return literal(word) ? node : null;
    }

    /** An integer as the node Jackson gives it: an int node when it fits in 32 bits, else a long node. */
    private JsonNode integerNode() {
        if (!integer()) {
            return null;
        }
        return number == (int) number ? IntNode.valueOf((int) number) : LongNode.valueOf(number);
    }
}
