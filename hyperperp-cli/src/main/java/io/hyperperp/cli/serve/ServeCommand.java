package io.hyperperp.cli.serve;

import io.hyperperp.cli.CliException;
import io.hyperperp.cli.VersionProvider;
import io.hyperperp.server.HyperperpServer;
import io.hyperperp.server.backend.BackendFactory;
import io.hyperperp.server.ha.HaServe;
import io.hyperperp.server.persistence.JdbcBackend;
import io.hyperperp.server.config.ConfigException;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperperp serve}: runs the REST server until SIGTERM or SIGINT, then shuts down
 * gracefully (drains requests, commits the engine queue, flushes settlement).
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Run the HyperPerp REST server.",
            "Settings: flags > HYPERPERP_* environment > --config FILE (TOML) > defaults; see docs/configuration.md."})
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "config.toml to read.")
    Path config;

    @Option(names = "--host", paramLabel = "ADDR", description = "Bind address (server.host, default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (server.port, default 8080; 0 = any).")
    Integer port;

    @Option(names = "--auth", paramLabel = "MODE", description = "none or signature (auth.mode).")
    String auth;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the admin bearer token.")
    Path adminTokenFile;

    @Option(names = "--markets", paramLabel = "FILE", description = "JSON markets file (server.markets_file).")
    Path markets;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (server.data_dir).")
    Path dataDir;

    @Option(names = "--allow-insecure-no-auth",
            description = "Allow --auth none on a non-loopback address (server.allow_insecure_no_auth).")
    boolean allowInsecure;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting by its TOML key, e.g. --set rate_limit.ip_per_sec=500 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "text (default) or json: one JSON object per log line on stderr, for log shippers.")
    LogFormat logFormat = LogFormat.TEXT;

    @Option(names = "--in-memory",
            description = "Keep nothing: no database (the default is PostgreSQL, embedded in <data_dir>/postgres "
                    + "unless HYPERPERP_DATABASE_URL names one).")
    boolean inMemory;

    private volatile HyperperpServer running;

    /** The running server (null before start-up); tests stop it with {@code close()}. */
    public HyperperpServer server() {
        return running;
    }

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        Map<String, String> flags = new LinkedHashMap<>(settings);
        put(flags, "server.host", host);
        put(flags, "server.port", port);
        put(flags, "auth.mode", auth);
        put(flags, "auth.admin_token_file", adminTokenFile);
        put(flags, "server.markets_file", markets);
        put(flags, "server.data_dir", dataDir);
        if (allowInsecure) {
            flags.put("server.allow_insecure_no_auth", "true");
        }
        ServerConfig cfg;
        try {
            cfg = ServerConfigLoader.load(flags, System.getenv(), config);
        } catch (ConfigException e) {
            throw new CliException("configuration: " + e.getMessage());
        }
        if (inMemory && cfg.databaseUrl() != null) {
            throw new CliException("--in-memory and database.url exclude each other");
        }
        if (cfg.ha().enabled()) {
            if (inMemory) {
                throw new CliException("--in-memory and ha.enabled exclude each other");
            }
            return serveHighlyAvailable(cfg);
        }
        if (inMemory && cfg.aptos().containsKey("node_url")) {
            // the in-memory backend settles on its local ledger: the chain settings were ignored without a word
            throw new CliException("--in-memory settles nothing on chain: aptos.node_url needs the persistent backend"
                    + " (drop --in-memory, or the aptos.* settings)");
        }
        BackendFactory backend = inMemory ? BackendFactory.inMemory() : JdbcBackend::open;
        HyperperpServer server;
        try {
            server = HyperperpServer.start(cfg, backend);
        } catch (io.hyperperp.jdbc.DatabaseException e) {
            throw new CliException("database: " + e.getMessage());
        }
        Thread hook = new Thread(() -> {
            LOG.info("signal received; shutting down");
            server.close();
        }, "hyperperp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.expectCloseAtExit();
        running = server;
        LOG.info("ready; Ctrl-C or SIGTERM stops the server gracefully");
        server.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    /** One HA instance: restarts itself as a follower whenever it steps down as leader. */
    private Integer serveHighlyAvailable(ServerConfig cfg) throws Exception {
        HaServe serve;
        try {
            serve = HaServe.start(cfg);
        } catch (io.hyperperp.jdbc.DatabaseException e) {
            throw new CliException("database: " + e.getMessage());
        }
        Thread hook = new Thread(() -> {
            LOG.info("signal received; shutting down");
            serve.close();
        }, "hyperperp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        running = serve.server();
        LOG.info("ready (high availability, starting as a follower at {}); Ctrl-C or SIGTERM stops the instance"
                + " gracefully", serve.uri());
        serve.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    /** Accepts {@code text} and {@code json} in any case; anything else is a usage error naming both. */
    static final class LogFormatConverter implements picocli.CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            for (LogFormat f : LogFormat.values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not text or json");
        }
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
