package io.hyperperp.jdbc.internal;

import io.hyperperp.jdbc.DatabaseException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL server (zonky) whose data directory survives restarts. Not API.
 *
 * <p>Zonky's defaults are tuned for throw-away test databases ({@code -F}, i.e. {@code fsync=off}, and
 * {@code synchronous_commit=off}); both are switched back on here because this server holds real data.
 * Authentication is {@code trust} for the {@code postgres} user and the server listens on localhost only.
 *
 * <p>{@code min_wal_size} is 1 GB (the default {@code max_wal_size}) instead of 80 MB, so the server keeps its WAL
 * segments for reuse instead of deleting them when load drops. A burst after a quiet spell then writes into recycled
 * segments; with too few left it has to create zero-filled 16 MB segments, and on a VM's disk a commit's WAL flush
 * waits behind that write: commits of 45-100 ms several times a second at 50,000 commands/s.
 *
 * <p>A new data directory is initialised with the {@code C} locale ({@code initdb --locale=C}, encoding UTF-8),
 * whatever the machine's locale: text then compares byte by byte ({@code memcmp}) instead of through the C library's
 * collation ({@code strcoll}), which the B-tree inserts of the address and id indexes paid on every key comparison
 * (text comparison 3.9-4.5% of the group commit's writer backend under {@code C.UTF-8}, 2.1% under {@code C}:
 * docs/benchmarks.md, "Session 18: PostgreSQL, the embedded server's settings"), and no index depends on the collation tables of the machine's C library (whose
 * changes between versions can silently reorder, and so corrupt, a text index). HyperPerp's text keys are ASCII
 * (addresses, ids), where byte order is the order of {@code C.UTF-8} too. An existing data directory keeps the locale
 * it was created with.
 *
 * <p>For diagnostics, the system property {@value #EXTRA_SETTINGS} adds server settings
 * ({@code name=value;name=value}, e.g. {@code shared_preload_libraries=pg_stat_statements}); it cannot change the
 * settings durability rests on ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}).
 *
 * <p>PostgreSQL's own output ({@code initdb}, {@code pg_ctl} and the server's log) is appended to a file beside the
 * data directory ({@code postgres.log} for {@code .../postgres}), whatever the log level; when start-up fails its
 * last lines are in the exception's message.
 *
 * <p>When the JVM exits without {@link #close()}, a shutdown hook stops the server ({@link StopAtExit}: at once, or
 * after its owner's own close when the owner said it closes from a shutdown hook, {@link #awaitOwnerAtExit}).
 */
public final class EmbeddedServer implements AutoCloseable {

    /** Database created inside the embedded server for HyperPerp's tables. */
    public static final String DATABASE = "hyperperp";
    /** Superuser created by zonky's {@code initdb}. */
    public static final String USER = "postgres";

    /** System property with extra server settings for diagnostics: {@code name=value;name=value}. */
    public static final String EXTRA_SETTINGS = "hyperperp.embedded.postgres.settings";

    /** {@code initdb}'s locale for a new data directory (zonky adds {@code -E UTF-8}); see the class comment. */
    static final String NEW_CLUSTER_LOCALE = "C";

    private static final Set<String> DURABILITY_SETTINGS = Set.of("fsync", "synchronous_commit", "full_page_writes");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final int FAILURE_LINES = 20;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StopAtExit stopAtExit;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.stopAtExit = new StopAtExit(this::close, "hyperperp-embedded-postgres-stop");
    }

    /**
     * Starts the server, initialising the data directory on first use, and creates {@link #DATABASE}.
     *
     * @param dataDirectory data directory (created if missing; never wiped)
     * @param port          TCP port, 0 for a free one
     * @return the running server
     * @throws DatabaseException with the data directory in the message when start-up fails
     */
    public static EmbeddedServer start(Path dataDirectory, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        long begin = System.nanoTime();
        boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
        LOG.info("Starting embedded PostgreSQL with data directory {}{}", directory,
                fresh ? " (new: running initdb)" : "");
        Path log = logFile(directory);
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(directory);
            StalePostmaster.clear(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            // zonky's hook would stop the server at once when the JVM exits, beside an owner still committing
            // from its own shutdown hook: StopAtExit replaces it
            builder.setRegisterShutdownHook(false);
            // TCP only, unless the operator's settings name a socket directory: a Unix socket's lock file lives in
            // the shared /tmp under the port's number, where a killed instance's file (its postmaster an unreaped
            // zombie) or another instance's refuses this start
            builder.setServerConfig("unix_socket_directories", "");
            extraSettings(System.getProperty(EXTRA_SETTINGS, "")).forEach(builder::setServerConfig);
            builder
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setLocaleConfig("locale", NEW_CLUSTER_LOCALE)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("min_wal_size", "1GB");
            postgres = startWatched(builder, directory);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            if (e instanceof DatabaseException de) {
                throw de;
            }
            throw new DatabaseException("Could not start embedded PostgreSQL with data directory " + directory
                    + ": " + e.getMessage() + versionHint(directory) + lastLines(log), e);
        }
        EmbeddedServer server = new EmbeddedServer(postgres, directory);
        try {
            server.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Embedded PostgreSQL ready on localhost:{} in {} ms", postgres.getPort(),
                (System.nanoTime() - begin) / 1_000_000);
        return server;
    }

    /**
     * Zonky's start, ended early when the postmaster exits during it ({@link PostmasterWatch}): a refused setting
     * fails the start in about a second instead of after {@link #STARTUP_WAIT}.
     */
    private static EmbeddedPostgres startWatched(EmbeddedPostgres.Builder builder, Path directory)
            throws IOException {
        EmbeddedPostgres started;
        try (PostmasterWatch watch = PostmasterWatch.start(directory)) {
            started = builder.start();
            watch.close();
            if (!watch.postmasterGone()) {
                return started;
            }
        }
        // Zonky took the interrupt for the end of its wait and returned a server that is not there: release its
        // lock on the directory, then report.
        try {
            started.close();
        } catch (IOException e) {
            LOG.debug("Closing the embedded PostgreSQL whose postmaster exited", e);
        }
        throw new IOException("the postmaster exited during start-up");
    }

    /** @return the URL (user {@value #USER}, no password) of {@link #DATABASE} */
    public PostgresUrl url() {
        return new PostgresUrl("localhost:" + postgres.getPort(), DATABASE, "", USER, null);
    }

    /** @return the TCP port the server listens on */
    public int port() {
        return postgres.getPort();
    }

    /**
     * Declares that the owner closes this server from a JVM shutdown hook of its own: when the JVM exits, the
     * server's own hook waits up to {@code grace} for that close before it stops PostgreSQL.
     *
     * @param grace the longest the owner's close may take once the JVM begins to exit
     */
    public void awaitOwnerAtExit(Duration grace) {
        stopAtExit.awaitOwner(grace);
    }

    /** Stops the server (fast shutdown); the data directory is kept. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL stopped; data kept in {}", dataDirectory);
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", dataDirectory, e.getMessage());
        } finally {
            stopAtExit.closed();
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            LOG.info("Created database {} in embedded PostgreSQL", DATABASE);
        } catch (SQLException e) {
            throw new DatabaseException("Could not create database '" + DATABASE + "' in embedded PostgreSQL ("
                    + dataDirectory + "): " + e.getMessage(), e);
        }
    }

    /**
     * @param text {@code name=value;name=value} (empty: none)
     * @return the settings, in order
     * @throws DatabaseException for a malformed entry or one that would change a durability setting
     */
    static Map<String, String> extraSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (!name.matches("[a-z_][a-z0-9_.]*")) {
                throw new DatabaseException(EXTRA_SETTINGS + ": expected name=value, got '" + entry.strip() + "'");
            }
            if (DURABILITY_SETTINGS.contains(name)) {
                throw new DatabaseException(EXTRA_SETTINGS + ": " + name + " cannot be changed (durability)");
            }
            settings.put(name, entry.substring(eq + 1).strip());
        }
        return settings;
    }

    /** PostgreSQL's output file: beside the data directory, since initdb wants an empty directory. */
    static Path logFile(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "; PostgreSQL wrote nothing to " + log;
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - FAILURE_LINES), lines.size());
            return "; PostgreSQL's last lines (" + log + "):\n  " + String.join("\n  ", tail);
        } catch (IOException | RuntimeException e) {
            return "; PostgreSQL's output could not be read from " + log + " (" + e.getMessage() + ")";
        }
    }

    private static String versionHint(Path directory) {
        try {
            Path version = directory.resolve("PG_VERSION");
            return Files.exists(version)
                    ? "; the data directory was created by PostgreSQL " + Files.readString(version).strip()
                    : "";
        } catch (IOException e) {
            return "";
        }
    }
}
