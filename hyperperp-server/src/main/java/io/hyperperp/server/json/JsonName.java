package io.hyperperp.server.json;

import java.nio.charset.StandardCharsets;

/**
 * A field name whose written form ({@code "name":}) is made once, for the names an answer writes on every order:
 * {@link JsonBytes} copies it without looking the name up (a hash probe and a compare per name, some thirty-five
 * per answer with a fill), and every other {@link JsonOut} writes {@link #text()} as it writes any name. Only names
 * that JSON writes character for character are taken (printable ASCII without quote or backslash), so the bytes are
 * the ones Jackson writes.
 */
public final class JsonName {

    private final String text;
    private final byte[] written;

    private JsonName(String text, byte[] written) {
        this.text = text;
        this.written = written;
    }

    /**
     * The name {@code text}.
     *
     * @throws IllegalArgumentException if a character of it would be escaped or is not ASCII
     */
    public static JsonName of(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                throw new IllegalArgumentException("not a plain JSON name: " + text);
            }
        }
        return new JsonName(text, ('"' + text + "\":").getBytes(StandardCharsets.US_ASCII));
    }

    /** The name itself. */
    public String text() {
        return text;
    }

    /** The quoted name and its colon; not to be modified. */
    byte[] written() {
        return written;
    }

    @Override
    public String toString() {
        return text;
    }
}
