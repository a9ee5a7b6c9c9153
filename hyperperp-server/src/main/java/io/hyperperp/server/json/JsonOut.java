package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import java.io.IOException;
import java.util.UUID;

/**
 * Where a JSON shape is written: a Jackson generator ({@link #of}) or a reused byte buffer
 * ({@link JsonBytes}, the single-order answer). A shape written once against this interface gives the
 * same bytes either way.
 */
public interface JsonOut {

    /** Opens an object (at the top, in an array, or after {@link #name}). */
    void startObject() throws IOException;

    /** Closes the innermost object. */
    void endObject() throws IOException;

    /** Opens an array field of the current object. */
    void startArray(String name) throws IOException;

    /** Closes the innermost array. */
    void endArray() throws IOException;

    /** Writes the name of a field whose value comes next (an object). */
    void name(String name) throws IOException;

    /** A string field; a null value is written as JSON null. */
    void string(String name, String value) throws IOException;

    /** A number field. */
    void number(String name, long value) throws IOException;

    /** A UUID field in its canonical text (36 characters, lower-case hex); null is written as JSON null. */
    default void uuid(String name, UUID value) throws IOException {
        string(name, value == null ? null : value.toString());
    }

    /** A decimal string field: {@code scaled} at {@code scale} as {@link Decimals#format} writes it. */
    void decimal(String name, long scaled, int scale) throws IOException;

    /** A boolean field. */
    void bool(String name, boolean value) throws IOException;

    /** A null field. */
    void nullField(String name) throws IOException;

    // The same fields by a name made once ({@link JsonName}): a writer of bytes copies it; the rest write its text.

    /** {@link #startArray(String)} by a name made once. */
    default void startArray(JsonName name) throws IOException {
        startArray(name.text());
    }

    /** {@link #name(String)} by a name made once. */
    default void name(JsonName name) throws IOException {
        name(name.text());
    }

    /** {@link #string(String, String)} by a name made once. */
    default void string(JsonName name, String value) throws IOException {
        string(name.text(), value);
    }

    /** {@link #number(String, long)} by a name made once. */
    default void number(JsonName name, long value) throws IOException {
        number(name.text(), value);
    }

    /** {@link #uuid(String, UUID)} by a name made once. */
    default void uuid(JsonName name, UUID value) throws IOException {
        uuid(name.text(), value);
    }

    /** {@link #decimal(String, long, int)} by a name made once. */
    default void decimal(JsonName name, long scaled, int scale) throws IOException {
        decimal(name.text(), scaled, scale);
    }

    /** {@link #bool(String, boolean)} by a name made once. */
    default void bool(JsonName name, boolean value) throws IOException {
        bool(name.text(), value);
    }

    /** {@link #nullField(String)} by a name made once. */
    default void nullField(JsonName name) throws IOException {
        nullField(name.text());
    }

    /** The generator as a {@link JsonOut}. */
    static JsonOut of(JsonGenerator g) {
        return new JsonOut() {
            @Override
            public void startObject() throws IOException {
                g.writeStartObject();
            }

            @Override
            public void endObject() throws IOException {
                g.writeEndObject();
            }

            @Override
            public void startArray(String name) throws IOException {
                g.writeArrayFieldStart(name);
            }

            @Override
            public void endArray() throws IOException {
                g.writeEndArray();
            }

            @Override
            public void name(String name) throws IOException {
                g.writeFieldName(name);
            }

            @Override
            public void string(String name, String value) throws IOException {
                g.writeStringField(name, value);
            }

            @Override
            public void number(String name, long value) throws IOException {
                g.writeNumberField(name, value);
            }

            @Override
            public void decimal(String name, long scaled, int scale) throws IOException {
                g.writeStringField(name, Decimals.format(scaled, scale));
            }

            @Override
            public void bool(String name, boolean value) throws IOException {
                g.writeBooleanField(name, value);
            }

            @Override
            public void nullField(String name) throws IOException {
                g.writeNullField(name);
            }
        };
    }
}
