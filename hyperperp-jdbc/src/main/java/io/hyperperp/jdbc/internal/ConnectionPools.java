package io.hyperperp.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hyperperp.jdbc.DatabaseException;

/** Builds the HikariCP pool. Not API. */
public final class ConnectionPools {

    /** Seconds the driver waits for a TCP connection / login before giving up. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private ConnectionPools() {
    }

    /**
     * Opens a pool and checks that one connection can be made.
     *
     * @param url      target; its credentials are passed separately, never inside the JDBC URL
     * @param poolSize maximum pool size
     * @return the started pool
     * @throws DatabaseException naming host and port (not the password) when the database is unreachable
     */
    public static HikariDataSource open(PostgresUrl url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hyperperp-db");
        config.setJdbcUrl(url.toJdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setInitializationFailTimeout(1);
        config.setConnectionInitSql(BackendHeap.RAISE_TRIM_THRESHOLD);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "hyperperp");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException(ConnectionFailures.describe(url, e), e);
        }
    }
}
