package io.hyperperp.server.persistence;

import io.hyperperp.jdbc.engine.PersistentEngine;
import io.hyperperp.server.http.ApiException;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Makes a read of the state tables see every command acknowledged before it began: with the tables written behind
 * the command log ({@code persistence.tables = behind}) it waits, bounded, for the table writer to reach the last
 * committed command; inline, the tables already hold it.
 */
@FunctionalInterface
public interface TablesFence {

    /** How long a read waits for the tables before it is answered 503 (2 s). */
    long WAIT_MILLIS = 2_000;

    /** The tables are written with the log: nothing to wait for. */
    TablesFence NONE = () -> {
    };

    /**
     * Returns once the tables hold every command committed so far.
     *
     * @throws ApiException 503 {@code TABLES_BEHIND} when they did not within the bound
     */
    void await();

    /** @return a fence waiting for {@code engine}'s table writer, at most {@link #WAIT_MILLIS} */
    static TablesFence of(PersistentEngine engine) {
        return waitingFor(engine::awaitTables, engine::tablesWatermark);
    }

    /** Waits, bounded, for the tables to hold every command committed so far. */
    @FunctionalInterface
    interface Wait {
        /** @return false if the tables did not within {@code timeoutMillis} */
        boolean await(long timeoutMillis) throws InterruptedException;
    }

    /**
     * @param wait      waits for the tables (an engine's or an HA leader's table writer)
     * @param watermark the last command the tables hold, named in the 503
     * @return a fence waiting with {@code wait} at most {@link #WAIT_MILLIS}
     */
    static TablesFence waitingFor(Wait wait, LongSupplier watermark) {
        return () -> {
            boolean caughtUp;
            try {
                caughtUp = wait.await(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                caughtUp = false;
            }
            if (!caughtUp) {
                throw new ApiException(503, "TABLES_BEHIND", "the tables are behind the command log (at command "
                        + watermark.getAsLong() + "); retry", null, Map.of("Retry-After", "1"));
            }
        };
    }
}
