package io.hyperperp.jdbc.internal;

import io.hyperperp.jdbc.numeric.Decimals;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, backslash escapes), sent with
 * {@code COPY ... FROM STDIN} through the driver's copy API. Not API; not thread-safe.
 */
public final class CopyText {

    private final StringBuilder text = new StringBuilder(1 << 14);
    private boolean rowStarted;
    private int rows;

    /** @return rows ended so far */
    public int rows() {
        return rows;
    }

    private StringBuilder next() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        return text;
    }

    /** Appends a bigint/integer column. */
    public CopyText col(long value) {
        next().append(value);
        return this;
    }

    /** Appends a boolean column. */
    public CopyText col(boolean value) {
        next().append(value ? 't' : 'f');
        return this;
    }

    /** Appends a NULL. */
    public CopyText nul() {
        next().append("\\N");
        return this;
    }

    /** Appends a numeric column from a scaled long, exactly. */
    public CopyText decimal(long unscaled, int scale) {
        next().append(Decimals.toPlainString(unscaled, scale));
        return this;
    }

    /** Appends text (escaped), or NULL for {@code null}. NUL characters become U+FFFD (PostgreSQL refuses them). */
    public CopyText text(String value) {
        if (value == null) {
            return nul();
        }
        StringBuilder out = next();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return this;
    }

    /** Appends a column already in COPY text form (no escaping needed, e.g. a UUID). */
    public CopyText raw(String value) {
        next().append(value);
        return this;
    }

    /** Ends the current row. */
    public CopyText endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    /**
     * Sends the rows with the given {@code COPY ... FROM STDIN} statement (text format) on the connection.
     *
     * @return rows the server reports copied
     */
    public long copyInto(Connection connection, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
