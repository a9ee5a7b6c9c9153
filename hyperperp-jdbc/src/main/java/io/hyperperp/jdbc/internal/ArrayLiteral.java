package io.hyperperp.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A one-dimensional array parameter of the group's statements, written as PostgreSQL's array literal text
 * ({@code {"a","b",NULL,7}}) and bound with no type, so that the statement's own cast ({@code ?::numeric[]})
 * types it and the server parses each element once, as that type.
 *
 * <p>Why not the driver's {@code createArrayOf}: per array it looks the element type up in the driver's type cache
 * (5% of the commit thread's samples on its own, session 16) and builds the same text; and an array of decimal
 * strings sent as {@code text[]} and cast to {@code numeric[]} was parsed twice on the server. Strings are always
 * quoted (so an empty string or the text NULL stays a string), with {@code "} and {@code \} escaped; numbers are
 * written bare; a null element is {@code NULL}. Stateless: the commit thread, the table writer and the settlement
 * store bind with it.
 */
public final class ArrayLiteral {

    private ArrayLiteral() {
    }

    /** Binds {@code elements} (strings, numbers or nulls) to parameter {@code index} of {@code ps}. */
    public static void bind(PreparedStatement ps, int index, Object[] elements) throws SQLException {
        ps.setObject(index, of(elements), Types.OTHER);
    }

    /** Binds {@code elements} (strings, numbers or nulls) to parameter {@code index} of {@code ps}. */
    public static void bind(PreparedStatement ps, int index, List<?> elements) throws SQLException {
        ps.setObject(index, of(elements.toArray()), Types.OTHER);
    }

    /** @return the array literal of {@code elements} */
    public static String of(Object[] elements) {
        StringBuilder out = new StringBuilder(2 + elements.length * 24).append('{');
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object e = elements[i];
            if (e == null) {
                out.append("NULL");
            } else if (e instanceof Long || e instanceof Integer) {
                out.append(((Number) e).longValue());
            } else if (e instanceof String s) {
                quoted(out, s);
            } else {
                throw new IllegalArgumentException("array element of type " + e.getClass().getName());
            }
        }
        return out.append('}').toString();
    }

    private static void quoted(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        if (plain == s.length()) {
            out.append(s);
        } else {
            out.append(s, 0, plain);
            for (int i = plain; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        out.append('"');
    }
}
