package io.hyperperp.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A column of values as one PostgreSQL array literal ({@code {"a","b",NULL}}), bound as a parameter of unspecified
 * type so that the statement's cast ({@code ?::numeric[]}) parses it straight into the array type. The group commit
 * sends a dozen arrays per transaction; the driver's {@code createArrayOf} looked up the type and its delimiter and
 * checked every element for escaping on each call, about a tenth of the commit thread's time. Not API.
 */
public final class ArrayText {

    private ArrayText() {
    }

    /**
     * Binds {@code values} as an array literal.
     *
     * @param ps     the statement
     * @param index  the parameter index
     * @param values the elements: strings or numbers ({@code toString()} of each), null for NULL
     * @throws SQLException when the driver refuses the parameter
     */
    public static void bind(PreparedStatement ps, int index, List<?> values) throws SQLException {
        ps.setObject(index, of(values), Types.OTHER);
    }

    /**
     * @param values the elements: strings or numbers ({@code toString()} of each), null for NULL
     * @return the array literal: every element double-quoted, with backslashes and quotes escaped (so that braces,
     *         commas, spaces and the word NULL stay data), NUL characters as U+FFFD (PostgreSQL refuses them)
     */
    public static String of(List<?> values) {
        StringBuilder out = new StringBuilder(16 + values.size() * 24).append('{');
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                out.append("NULL");
                continue;
            }
            String s = v.toString();
            out.append('"');
            for (int k = 0, len = s.length(); k < len; k++) {
                char ch = s.charAt(k);
                if (ch == '"' || ch == '\\') {
                    out.append('\\').append(ch);
                } else if (ch == '\0') {
                    out.append('\uFFFD');
                } else {
                    out.append(ch);
                }
            }
            out.append('"');
        }
        return out.append('}').toString();
    }
}
