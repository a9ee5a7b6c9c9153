package io.hyperperp.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.hyperperp.jdbc.internal.ConnectionPools;
import io.hyperperp.jdbc.internal.EmbeddedServer;
import io.hyperperp.jdbc.internal.Migrations;
import io.hyperperp.jdbc.internal.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running database: an external PostgreSQL or, when no URL is configured, an embedded one whose data
 * survives restarts. {@link #start(DatabaseConfig)} connects through a HikariCP pool and applies the Flyway
 * migrations in {@code classpath:db/migration} before returning, so callers always see the current schema.
 *
 * <p>Closing stops the pool and, in embedded mode, the server (the data directory is kept). Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedServer embedded;
    private final Jdbi jdbi;
    private final MigrationOutcome migration;
    private final String description;

    private Database(HikariDataSource pool, EmbeddedServer embedded, MigrationOutcome migration, String description) {
        this.pool = pool;
        this.embedded = embedded;
        this.migration = migration;
        this.description = description;
        this.jdbi = Jdbi.create(pool)
                .installPlugin(new PostgresPlugin())
                .installPlugin(new SqlObjectPlugin());
    }

    /**
     * Opens the configured database (starting the embedded server if no URL is set) and migrates it.
     *
     * @param config where and how to connect
     * @return the open database; close it when done
     * @throws DatabaseException when the database cannot be reached, started or migrated; the message names
     *                           host and port (or data directory) and never the password
     */
    public static Database start(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        LOG.info("Opening database: {}", config.describe());
        EmbeddedServer embedded = null;
        HikariDataSource pool = null;
        try {
            PostgresUrl url;
            if (config.isEmbedded()) {
                embedded = EmbeddedServer.start(config.embeddedDataDirectory(), config.embeddedPort());
                url = embedded.url();
            } else {
                PostgresUrl parsed = PostgresUrl.parse(config.jdbcUrl());
                url = new PostgresUrl(parsed.hosts(), parsed.database(), parsed.query(),
                        config.user(), config.password());
            }
            String description = url.toJdbcUrl() + (url.user() == null ? "" : " as user '" + url.user() + "'");
            pool = ConnectionPools.open(url, config.poolSize());
            MigrationOutcome migration = Migrations.migrate(pool, description);
            LOG.info("Database ready: {}", description);
            return new Database(pool, embedded, migration, description);
        } catch (RuntimeException e) {
            closeQuietly(pool, embedded);
            throw e;
        }
    }

    /**
     * Applies pending migrations and closes again: the {@code hyperperp migrate} command.
     *
     * @param config where and how to connect
     * @return what was applied
     * @throws DatabaseException as {@link #start(DatabaseConfig)}
     */
    public static MigrationOutcome migrate(DatabaseConfig config) {
        try (Database database = start(config)) {
            return database.migrationOutcome();
        }
    }

    /** @return the Jdbi instance over the pool, with the PostgreSQL and SqlObject plugins installed */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** @return the pooled data source (do not close it; close this {@code Database} instead) */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Opens a connection outside the pool, to the same database with the same credentials, for a single long-lived
     * writer such as the engine's commit hook: it fails fast (connect timeout {@value #DIRECT_CONNECT_TIMEOUT_SECONDS}
     * s, no pool wait) when the server is down, so the engine reports itself unavailable at once.
     *
     * @return a new connection in auto-commit mode; the caller closes it
     * @throws SQLException when the database cannot be reached
     */
    public Connection openDirectConnection() throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("connectTimeout", String.valueOf(DIRECT_CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", String.valueOf(DIRECT_SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "hyperperp-writer");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    /** Connect timeout of {@link #openDirectConnection()}, seconds. */
    public static final int DIRECT_CONNECT_TIMEOUT_SECONDS = 5;
    /** Socket read timeout of {@link #openDirectConnection()}, seconds: a hung server fails the commit. */
    public static final int DIRECT_SOCKET_TIMEOUT_SECONDS = 60;

    /** @return what the start-up migration did */
    public MigrationOutcome migrationOutcome() {
        return migration;
    }

    /** @return {@code true} when this database runs on the embedded server */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** @return the JDBC URL and user, without password */
    @Override
    public String toString() {
        return "Database[" + description + "]";
    }

    /**
     * Declares that the caller closes this database from a JVM shutdown hook of its own, as {@code serve} does on
     * SIGTERM. The embedded server stops PostgreSQL by itself when the JVM exits without a close; after this call it
     * first waits up to {@code grace} for the caller's close, so that an orderly shutdown still commits its last
     * groups and flushes settlement instead of losing its database half-way. No effect on an external database.
     *
     * @param grace the longest the caller's close may take once the JVM begins to exit
     */
    public void expectCloseAtExit(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (embedded != null) {
            embedded.awaitOwnerAtExit(grace);
        }
    }

    /** Closes the pool and stops the embedded server, if any. Idempotent. */
    @Override
    public void close() {
        closeQuietly(pool, embedded);
        LOG.info("Database closed: {}", description);
    }

    private static void closeQuietly(HikariDataSource pool, EmbeddedServer embedded) {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
