package io.hyperperp.jdbc.testing;

import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.internal.PostgresUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests fresh databases on one PostgreSQL server per JVM.
 *
 * <p>The server is the one named by {@value #URL_ENV} (any {@code postgresql://} or {@code jdbc:postgresql://}
 * URL whose user may {@code CREATE DATABASE}), or otherwise one embedded PostgreSQL started on first use and
 * stopped when the JVM exits. Each {@link #create()} runs {@code CREATE DATABASE test_<random>}.
 */
public final class TestDatabases {

    /** Environment variable naming an existing server to use instead of the embedded one. */
    public static final String URL_ENV = "HYPERPERP_TEST_DATABASE_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static PostgresUrl server;

    private TestDatabases() {
    }

    /** @return a new empty database; close it to drop it */
    public static TestDatabase create() {
        PostgresUrl admin = server();
        String name = "test_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        execute(admin, "CREATE DATABASE " + name);
        LOG.info("Created test database {}", name);
        PostgresUrl url = admin.withDatabase(name);
        DatabaseConfig config = DatabaseConfig.external(url.toJdbcUrl())
                .withCredentials(url.user(), url.password())
                .withPoolSize(4);
        return new TestDatabase(name, config);
    }

    static void drop(String name) {
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        LOG.info("Dropped test database {}", name);
    }

    /** @return the URL of the server's maintenance database, starting the embedded server on first use */
    public static synchronized PostgresUrl server() {
        if (server == null) {
            String url = System.getenv(URL_ENV);
            server = url == null || url.isBlank() ? startEmbedded() : PostgresUrl.parse(url);
        }
        return server;
    }

    private static PostgresUrl startEmbedded() {
        long begin = System.nanoTime();
        try {
            // temp dir, wiped and stopped at exit; TCP only (no socket lock file in the shared /tmp: see EmbeddedServer)
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("unix_socket_directories", "").start();
            LOG.info("Embedded test PostgreSQL on port {} started in {} ms", postgres.getPort(),
                    (System.nanoTime() - begin) / 1_000_000);
            return new PostgresUrl("localhost:" + postgres.getPort(), "postgres", "", "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded test PostgreSQL", e);
        }
    }

    private static void execute(PostgresUrl url, String sql) {
        try (Connection c = DriverManager.getConnection(url.toJdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed (" + sql + "): " + e.getMessage(), e);
        }
    }
}
