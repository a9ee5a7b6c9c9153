package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON object whose values are all scalars (strings, numbers, booleans, null), read with Jackson's
 * streaming parser, without the tree: an order body. Its values are the nodes the tree would hold (a
 * float as a {@code BigDecimal}, an integer as an int, long or big integer node), so {@link CommandJson}
 * reads it exactly as it reads the tree. Anything else (a nested value, malformed JSON, a duplicate key,
 * trailing tokens) is not a flat object: {@link #parse} gives null and the caller takes the tree path,
 * which finds and words the error as before.
 */
public final class FlatJsonObject {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private String[] names = new String[12];
    /**
     * Each name's hash (a string keeps its own once computed): an order is looked up by name some twenty times
     * and each lookup passes the other fields first, so a mismatch costs an int compare, not a string compare.
     */
    private int[] hashes = new int[12];
    private JsonNode[] values = new JsonNode[12];
    private int size;

    FlatJsonObject() {
    }

    /**
     * The body as a flat object, or null when it is anything else (the tree path then answers). The plainest
     * bodies are read without a Jackson parser ({@link FlatObjectScanner}); the rest by Jackson's.
     */
    public static FlatJsonObject parse(JsonFactory factory, byte[] body) {
        FlatJsonObject scanned = FlatObjectScanner.scan(body);
        return scanned != null ? scanned : parseWithJackson(factory, body);
    }

    /** {@link #parse} by Jackson's streaming parser alone (what the byte-level reader leaves to it). */
    static FlatJsonObject parseWithJackson(JsonFactory factory, byte[] body) {
        try (JsonParser p = parser(factory, body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            FlatJsonObject object = read(p);
            return object != null && p.nextToken() == null ? object : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The orders of a batch body, {@code {"orders": [...]}} or a bare array, when every order is a flat
     * object; null otherwise (the tree path then answers).
     */
    public static List<FlatJsonObject> parseBatch(JsonFactory factory, byte[] body) {
        try (JsonParser p = parser(factory, body)) {
            JsonToken first = p.nextToken();
            boolean wrapped = first == JsonToken.START_OBJECT;
            if (wrapped && (p.nextToken() != JsonToken.FIELD_NAME || !"orders".equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY)) {
                return null;
            }
            if (!wrapped && first != JsonToken.START_ARRAY) {
                return null;
            }
            List<FlatJsonObject> orders = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                FlatJsonObject order = read(p);
                if (order == null) {
                    return null;
                }
                orders.add(order);
            }
            if (t != JsonToken.END_ARRAY || (wrapped && p.nextToken() != JsonToken.END_OBJECT)) {
                return null;
            }
            return p.nextToken() == null ? orders : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The factory's parser without its duplicate-key detector: that one keeps a hash set per object (per order
     * of a batch), while {@link #read} finds a repeated name among a flat object's few fields by itself.
     */
    private static JsonParser parser(JsonFactory factory, byte[] body) throws IOException {
        JsonParser p = factory.createParser(body);
        p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return p;
    }

    /** Reads the fields after a START_OBJECT up to its END_OBJECT; null at a nested value or a repeated name. */
    private static FlatJsonObject read(JsonParser p) throws IOException {
        FlatJsonObject object = new FlatJsonObject();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonNode value = scalar(p, p.nextToken());
            if (value == null || object.indexOf(name) >= 0) {
                return null;
            }
            object.append(name, value);
        }
        return t == JsonToken.END_OBJECT ? object : null;
    }

    /** The node the tree would hold for a scalar token (floats as BigDecimal, as the API's mapper reads them). */
    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> BooleanNode.valueOf(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NullNode.getInstance();
            default -> null;
        };
    }

    /** True when the object has the field (even as null). */
    public boolean has(String field) {
        return indexOf(field) >= 0;
    }

    /** The field's value, or null when absent. */
    JsonNode get(String field) {
        int i = indexOf(field);
        return i < 0 ? null : values[i];
    }

    /** Adds a field after the others (the caller knows it is absent). */
    public void append(String field, JsonNode value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = field;
        hashes[size] = field.hashCode();
        values[size] = value;
        size++;
    }

    /** The field names in document order. */
    Iterator<String> fieldNames() {
        return Arrays.asList(names).subList(0, size).iterator();
    }

    private int indexOf(String field) {
        int hash = field.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && names[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }
}
