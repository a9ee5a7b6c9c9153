package io.hyperperp.jdbc.internal;

import io.hyperperp.core.order.WireNames;
import io.hyperperp.jdbc.numeric.Decimals;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.StringJoiner;

/**
 * Reads the columns of one stored row as the engine's values, naming the table, the row's key and the column
 * when a value does not convert: a damaged row (edited by hand, written by another version) must stop start-up
 * (or the read that met it: settlement resume) with where to look, not with a converter's message about a number
 * nobody can find.
 */
public final class StoredRow {

    private final ResultSet rs;
    private final String table;
    private final String[] keyColumns;

    /**
     * @param rs         positioned on the row
     * @param table      the table's name
     * @param keyColumns the columns of the row's key, read only when a value is damaged (a row read costs no text)
     */
    public StoredRow(ResultSet rs, String table, String... keyColumns) {
        this.rs = rs;
        this.table = table;
        this.keyColumns = keyColumns;
    }

    /** A decimal column as a scaled long; null is damage. */
    public long scaled(String column, int decimals) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        if (value == null) {
            throw damaged(column, "is NULL");
        }
        return convert(column, value, decimals);
    }

    /** A decimal column that may be NULL (read as 0). */
    public long scaledOrZero(String column, int decimals) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? 0 : convert(column, value, decimals);
    }

    /** An enumeration by its wire name; NULL and unknown names are damage. */
    public <E extends Enum<E>> E wire(Class<E> type, String column) throws SQLException {
        String text = rs.getString(column);
        E value = WireNames.parse(type, text);
        if (value == null) {
            throw damaged(column, text == null ? "is NULL" : "'" + text + "' is not a " + type.getSimpleName());
        }
        return value;
    }

    /** A text column; NULL is damage. */
    public String text(String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            throw damaged(column, "is NULL");
        }
        return text;
    }

    /** An integer column within [min, max]; NULL is damage. */
    public int integer(String column, int min, int max) throws SQLException {
        int value = rs.getInt(column);
        if (rs.wasNull()) {
            throw damaged(column, "is NULL");
        }
        if (value < min || value > max) {
            throw damaged(column, value + " is not in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** A bigint column at least {@code min}; NULL is damage. */
    public long wholeAtLeast(String column, long min) throws SQLException {
        long value = rs.getLong(column);
        if (rs.wasNull()) {
            throw damaged(column, "is NULL");
        }
        if (value < min) {
            throw damaged(column, value + " is less than " + min);
        }
        return value;
    }

    /** A bytea column; NULL is damage. */
    public byte[] bytes(String column) throws SQLException {
        byte[] value = rs.getBytes(column);
        if (value == null) {
            throw damaged(column, "is NULL");
        }
        return value;
    }

    /** The exception for a value of this row that the engine cannot take. */
    public IllegalStateException damaged(String column, String why) {
        return new IllegalStateException("damaged row in the database: table " + table + ", row " + key()
                + ", column " + column + ": " + why);
    }

    /** The row's key as an operator would query it: {@code user_address = '0xa1'}, {@code (a, b) = ('x', 1)}. */
    private String key() {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (String column : keyColumns) {
            names.add(column);
            Object value;
            try {
                value = rs.getObject(column);
            } catch (SQLException e) {
                value = "?";
            }
            values.add(value instanceof Number ? value.toString() : "'" + value + "'");
        }
        return keyColumns.length == 1 ? names + " = " + values : "(" + names + ") = (" + values + ")";
    }

    private long convert(String column, BigDecimal value, int decimals) {
        try {
            return Decimals.toScaledLong(value, decimals);
        } catch (ArithmeticException e) {
            throw damaged(column, e.getMessage());
        }
    }
}
