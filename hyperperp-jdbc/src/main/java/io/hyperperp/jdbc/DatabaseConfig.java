package io.hyperperp.jdbc;

import io.hyperperp.jdbc.internal.PostgresUrl;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database lives and how to connect to it.
 *
 * <p>With a {@link #jdbcUrl()} the configured external PostgreSQL is used; without one {@link Database} starts an
 * embedded PostgreSQL whose files live in {@link #embeddedDataDirectory()}. The URL may be given in the seed's
 * {@code HYPERPERP_DATABASE_URL} form ({@code postgresql://user:password@host:port/database}) or as a JDBC URL
 * ({@code jdbc:postgresql://host:port/database?...}); either way it is normalised to a JDBC URL and the
 * credentials are moved into {@link #user()} and {@link #password()}, so the URL itself is safe to log.
 * Explicit {@code user}/{@code password} arguments win over credentials found in the URL.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param jdbcUrl               JDBC URL without credentials, or {@code null} for embedded mode
 * @param user                  database user, or {@code null} (driver default)
 * @param password              database password, or {@code null}
 * @param poolSize              maximum number of pooled connections, at least 1
 * @param embeddedDataDirectory data directory of the embedded server (ignored with a URL)
 * @param embeddedPort          TCP port of the embedded server; 0 picks a free one
 */
public record DatabaseConfig(
        String jdbcUrl,
        String user,
        String password,
        int poolSize,
        Path embeddedDataDirectory,
        int embeddedPort) {

    /** Default data directory of the embedded server, relative to the working directory. */
    public static final Path DEFAULT_EMBEDDED_DATA_DIRECTORY = Path.of("hyperperp-data", "postgres");

    /** Default connection pool size. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /**
     * Normalises the URL and validates the other components.
     *
     * @throws IllegalArgumentException on an invalid URL (message without password) or out-of-range numbers
     */
    public DatabaseConfig {
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null;
        }
        if (jdbcUrl != null) {
            PostgresUrl parsed = PostgresUrl.parse(jdbcUrl);
            jdbcUrl = parsed.toJdbcUrl();
            user = user != null ? user : parsed.user();
            password = password != null ? password : parsed.password();
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException("embeddedPort must be 0..65535, was " + embeddedPort);
        }
        embeddedDataDirectory = embeddedDataDirectory != null ? embeddedDataDirectory : DEFAULT_EMBEDDED_DATA_DIRECTORY;
    }

    /** @return embedded mode with the default data directory, pool size and a free port */
    public static DatabaseConfig embedded() {
        return embedded(DEFAULT_EMBEDDED_DATA_DIRECTORY);
    }

    /**
     * @param dataDirectory where the embedded server keeps its files (created on first start, kept afterwards)
     * @return embedded mode with the given data directory
     */
    public static DatabaseConfig embedded(Path dataDirectory) {
        return new DatabaseConfig(null, null, null, DEFAULT_POOL_SIZE, Objects.requireNonNull(dataDirectory), 0);
    }

    /**
     * @param url {@code postgresql://user:password@host:port/database} or {@code jdbc:postgresql://...}
     * @return external mode for that URL
     * @throws IllegalArgumentException if the URL is not a PostgreSQL URL (message without password)
     */
    public static DatabaseConfig external(String url) {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("database URL is blank");
        }
        return new DatabaseConfig(url, null, null, DEFAULT_POOL_SIZE, null, 0);
    }

    /**
     * The usual entry point for configuration sources such as {@code HYPERPERP_DATABASE_URL}.
     *
     * @param urlOrNull a database URL, or {@code null}/blank when none is configured
     * @return external mode for a URL, otherwise embedded mode with defaults
     */
    public static DatabaseConfig fromUrl(String urlOrNull) {
        return urlOrNull == null || urlOrNull.isBlank() ? embedded() : external(urlOrNull);
    }

    /** @return {@code true} when no URL is configured and an embedded server is used */
    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    /**
     * @param newPoolSize maximum number of pooled connections, at least 1
     * @return a copy with another pool size
     */
    public DatabaseConfig withPoolSize(int newPoolSize) {
        return new DatabaseConfig(jdbcUrl, user, password, newPoolSize, embeddedDataDirectory, embeddedPort);
    }

    /**
     * @param newUser     database user, or {@code null}
     * @param newPassword database password, or {@code null}
     * @return a copy with other credentials
     */
    public DatabaseConfig withCredentials(String newUser, String newPassword) {
        return new DatabaseConfig(jdbcUrl, newUser, newPassword, poolSize, embeddedDataDirectory, embeddedPort);
    }

    /**
     * @param newDirectory data directory of the embedded server
     * @return a copy with another embedded data directory
     */
    public DatabaseConfig withEmbeddedDataDirectory(Path newDirectory) {
        return new DatabaseConfig(jdbcUrl, user, password, poolSize, Objects.requireNonNull(newDirectory),
                embeddedPort);
    }

    /**
     * @param newPort TCP port of the embedded server, 0 to pick a free one
     * @return a copy with another embedded port
     */
    public DatabaseConfig withEmbeddedPort(int newPort) {
        return new DatabaseConfig(jdbcUrl, user, password, poolSize, embeddedDataDirectory, newPort);
    }

    /** @return a short description for logs and messages, without the password */
    public String describe() {
        return isEmbedded()
                ? "embedded PostgreSQL in " + embeddedDataDirectory
                : jdbcUrl + (user == null ? "" : " as user '" + user + "'");
    }

    /** Like the generated {@code toString()}, with the password masked. */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl
                + ", user=" + user
                + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize
                + ", embeddedDataDirectory=" + embeddedDataDirectory
                + ", embeddedPort=" + embeddedPort + "]";
    }
}
