package io.hyperperp.jdbc.internal;

/** A minimal JSON object writer for the command log and market specs (no dependency needed). Not API. */
public final class Json {

    private final StringBuilder out;
    private boolean first = true;

    /** Starts an object. */
    public Json(StringBuilder out) {
        this.out = out;
        out.append('{');
    }

    /** Starts an object in a new buffer. */
    public Json() {
        this(new StringBuilder(160));
    }

    private void key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        out.append('"').append(key).append("\":");
    }

    /** A number field. */
    public Json field(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    /** A boolean field. */
    public Json field(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    /** A string field, {@code null} for JSON null. */
    public Json field(String key, String value) {
        key(key);
        string(out, value);
        return this;
    }

    /** Appends a JSON string value (escaped, quoted) to {@code out}, or {@code null} for JSON null. */
    public static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == 0) {
                out.append('\uFFFD'); // jsonb refuses \u0000
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** A field whose value is already JSON (an object written by another {@code Json}). */
    public Json raw(String key, String json) {
        key(key);
        out.append(json);
        return this;
    }

    /** Closes the object in the buffer it was written to. */
    public void close() {
        out.append('}');
    }

    /** Closes the object and returns the text. */
    public String end() {
        out.append('}');
        return out.toString();
    }
}
