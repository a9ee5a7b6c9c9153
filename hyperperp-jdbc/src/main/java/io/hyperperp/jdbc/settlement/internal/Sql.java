package io.hyperperp.jdbc.settlement.internal;

import io.hyperperp.jdbc.DatabaseException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.jdbc.PgConnection;

/**
 * Borrows a pooled connection for one piece of plain JDBC work, optionally in a transaction; a
 * {@link SQLException} becomes a {@link DatabaseException} naming what was being done. Runtime exceptions of the
 * work (a fencing refusal, say) pass through unchanged, after the rollback.
 */
public abstract sealed class Sql {

    /** One piece of JDBC work on a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param c the borrowed connection
         * @return the work's result
         * @throws SQLException when a statement fails
         */
        T run(Connection c) throws SQLException;
    }

    /**
     * @param dataSource the pool
     * @return work on connections straight from {@code dataSource}
     */
    public static Sql over(DataSource dataSource) {
        return new Pooled(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * @param jdbi a Jdbi over the pool (for callers that only hold one)
     * @return work on the connections of Jdbi's handles
     */
    public static Sql over(Jdbi jdbi) {
        return new ViaJdbi(Objects.requireNonNull(jdbi, "jdbi"));
    }

    /**
     * Runs {@code work} on a borrowed connection in auto-commit mode.
     *
     * @param what what the work does, for the error message
     * @param work the work
     * @param <T>  its result type
     * @return its result
     */
    public final <T> T withConnection(String what, Work<T> work) {
        try {
            return borrow(work);
        } catch (SQLException e) {
            throw new DatabaseException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param what what the work does, for the error message
     * @param work the work
     * @param <T>  its result type
     * @return its result
     */
    public final <T> T inTransaction(String what, Work<T> work) {
        return withConnection(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * @param c      the connection the array is for
     * @param values the elements
     * @return {@code values} as a PostgreSQL {@code bigint[]}, sent without boxing each element
     * @throws SQLException when the connection is not PostgreSQL's
     */
    public static Array int8Array(Connection c, long[] values) throws SQLException {
        return c.unwrap(PgConnection.class).createArrayOf("int8", values);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    abstract <T> T borrow(Work<T> work) throws SQLException;

    private static final class Pooled extends Sql {
        private final DataSource dataSource;

        Pooled(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        <T> T borrow(Work<T> work) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        }
    }

    private static final class ViaJdbi extends Sql {
        private final Jdbi jdbi;

        ViaJdbi(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        @Override
        <T> T borrow(Work<T> work) throws SQLException {
            return jdbi.withHandle(h -> work.run(h.getConnection()));
        }
    }
}
