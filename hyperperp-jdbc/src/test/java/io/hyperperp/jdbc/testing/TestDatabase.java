package io.hyperperp.jdbc.testing;

import io.hyperperp.jdbc.DatabaseConfig;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A freshly created, empty database on the shared test server. {@link #close()} drops it.
 */
public final class TestDatabase implements AutoCloseable {

    private final String name;
    private final DatabaseConfig config;
    private final AtomicBoolean dropped = new AtomicBoolean();

    TestDatabase(String name, DatabaseConfig config) {
        this.name = name;
        this.config = config;
    }

    /** @return the database name, {@code test_<random>} */
    public String name() {
        return name;
    }

    /** @return a configuration pointing at this database (external mode, small pool) */
    public DatabaseConfig config() {
        return config;
    }

    /** Drops the database, disconnecting remaining sessions. Idempotent. */
    @Override
    public void close() {
        if (dropped.compareAndSet(false, true)) {
            TestDatabases.drop(name);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + "]";
    }
}
