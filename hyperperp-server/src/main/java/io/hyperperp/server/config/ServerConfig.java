package io.hyperperp.server.config;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.settlement.SettlementConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The server's resolved configuration (flags &gt; environment &gt; config.toml &gt; defaults; see
 * {@link ServerConfigLoader} and docs/configuration.md). Secrets are held but never printed:
 * {@link #toString()} masks them.
 *
 * @param host                 bind address
 * @param port                 TCP port (0 = any)
 * @param http                 per-connection bounds of the HTTP layer
 * @param bodyLimitBytes       largest request body
 * @param requestTimeoutMillis longest wait for the engine or for a request body
 * @param shutdownTimeoutMillis longest wait at shutdown for the engine's queue to be committed (a database
 *                             down); then the commands not committed are failed, never acknowledged
 * @param maxBatchOrders       most orders per batch request
 * @param allowInsecureNoAuth  permits auth none on a non-loopback address
 * @param engineQueueCapacity  engine command queue bound
 * @param timeAdvanceMillis    how often an idle engine expires due orders (0 = only when a command arrives)
 * @param commitGatherMicros   with a database: longest wait of the group commit for the clients its last commit
 *                             answered (0 = never wait)
 * @param dataDir              local state directory or null
 * @param markets              market registry
 * @param historyOrders        in-memory backend: closed orders kept
 * @param historyTrades        in-memory backend: trades kept per market
 * @param authMode             none or signature
 * @param adminToken           admin bearer token or null (admin routes refused)
 * @param signatureWindowSecs  accepted clock skew of signed requests
 * @param rateLimits           token-bucket settings
 * @param databaseUrl          database URL or null (in-memory backend)
 * @param aptos                the HYPERPERP_APTOS__* settings by lower-case name (node_url,
 *                             admin_address, admin_private_key, contract_address, chain_id),
 *                             carried through for the settlement adapter
 * @param settlement           settlement batching
 * @param stream               SSE settings
 * @param corsOrigins          origins a browser page may call the API from; {@code ["*"]} = any
 * @param ha                   high availability
 * @param persistence          how the persistent backend writes its state tables
 */
public record ServerConfig(
        String host, int port, HttpLimits http, int bodyLimitBytes, long requestTimeoutMillis, long shutdownTimeoutMillis,
        int maxBatchOrders,
        boolean allowInsecureNoAuth, int engineQueueCapacity, long timeAdvanceMillis, long commitGatherMicros,
        Path dataDir,
        MarketRegistry markets,
        int historyOrders, int historyTrades,
        AuthMode authMode, String adminToken, int signatureWindowSecs, RateLimits rateLimits,
        String databaseUrl, Map<String, String> aptos, SettlementConfig settlement, StreamSettings stream,
        java.util.List<String> corsOrigins, HaSettings ha, PersistenceSettings persistence) {

    /** Authentication of order-changing requests. */
    public enum AuthMode {
        /** No authentication: only allowed on a loopback address unless forced. */
        NONE,
        /** Ed25519 request signatures by the user's Aptos key. */
        SIGNATURE
    }

    /**
     * Bounds that keep slow or greedy clients from holding connections (docs/security.md).
     *
     * @param maxConnectionsPerIp  requests one client IP may have in progress at once, each on its
     *                             own connection (0 = no bound); more answer 429
     * @param headerTimeoutMillis  longest time from a request's first byte to the end of its headers;
     *                             then the connection is closed
     */
    public record HttpLimits(int maxConnectionsPerIp, long headerTimeoutMillis) {
    }

    /**
     * Token buckets; a rate of 0 disables that limit.
     *
     * @param ipPerSecond   requests per second per client IP
     * @param ipBurst       bucket size per client IP
     * @param userPerSecond orders per second per user address
     * @param userBurst     bucket size per user address
     */
    public record RateLimits(double ipPerSecond, double ipBurst, double userPerSecond, double userBurst) {
    }

    /**
     * Server-Sent Events settings.
     *
     * @param ringSize      events retained for resume
     * @param clientQueue   per-client queue bound
     * @param heartbeatSecs heartbeat interval
     * @param maxClients    concurrent stream clients
     * @param maxClientsPerIp concurrent stream clients from one address (0: no bound below {@code maxClients})
     * @param maxAgeSecs    a stream's age bound, after which it ends with a reconnect hint (0: none)
     */
    public record StreamSettings(int ringSize, int clientQueue, int heartbeatSecs, int maxClients,
                                 int maxClientsPerIp, int maxAgeSecs) {
    }

    /** Checks the references and copies the map. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(markets, "markets");
        Objects.requireNonNull(authMode, "authMode");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(ha, "ha");
        Objects.requireNonNull(persistence, "persistence");
        aptos = Map.copyOf(aptos);
        corsOrigins = java.util.List.copyOf(corsOrigins);
    }

    /** The defaults (what an empty environment and no config file give). */
    public static ServerConfig defaults() {
        return ServerConfigLoader.load(Map.of(), Map.of(), null);
    }

    /** A copy bound elsewhere (tests use port 0). */
    public ServerConfig withAddress(String newHost, int newPort) {
        return copy(c -> {
            c.host = newHost;
            c.port = newPort;
        });
    }

    /** A copy with other authentication settings. */
    public ServerConfig withAuth(AuthMode mode, String token) {
        return copy(c -> {
            c.authMode = mode;
            c.adminToken = token;
        });
    }

    /** A copy with other rate limits. */
    public ServerConfig withRateLimits(RateLimits limits) {
        return copy(c -> c.rateLimits = limits);
    }

    /** A copy with another market registry. */
    public ServerConfig withMarkets(MarketRegistry registry) {
        return copy(c -> c.markets = registry);
    }

    /** A copy with other stream settings. */
    public ServerConfig withStream(StreamSettings settings) {
        return copy(c -> c.stream = settings);
    }

    /** A copy with other settlement settings. */
    public ServerConfig withSettlement(SettlementConfig value) {
        return copy(c -> c.settlement = value);
    }

    /** A copy with other CORS origins ({@code "*"} alone = any origin). */
    public ServerConfig withCorsOrigins(java.util.List<String> origins) {
        return copy(c -> c.corsOrigins = origins);
    }

    /** A copy with other high-availability settings. */
    public ServerConfig withHa(HaSettings value) {
        return copy(c -> c.ha = value);
    }

    /** A copy with other persistence settings. */
    public ServerConfig withPersistence(PersistenceSettings value) {
        return copy(c -> c.persistence = value);
    }

    /**
     * What every {@code withX} is: a copy in which {@code change} sets some components. The components are listed in
     * one place ({@link Copy}), so that a new one cannot be forgotten in one of the copies.
     */
    private ServerConfig copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components of a {@link ServerConfig} being copied, set by a {@code withX} before {@link #build()}. */
    private static final class Copy {
        private String host;
        private int port;
        private HttpLimits http;
        private int bodyLimitBytes;
        private long requestTimeoutMillis;
        private long shutdownTimeoutMillis;
        private int maxBatchOrders;
        private boolean allowInsecureNoAuth;
        private int engineQueueCapacity;
        private long timeAdvanceMillis;
        private long commitGatherMicros;
        private Path dataDir;
        private MarketRegistry markets;
        private int historyOrders;
        private int historyTrades;
        private AuthMode authMode;
        private String adminToken;
        private int signatureWindowSecs;
        private RateLimits rateLimits;
        private String databaseUrl;
        private Map<String, String> aptos;
        private SettlementConfig settlement;
        private StreamSettings stream;
        private java.util.List<String> corsOrigins;
        private HaSettings ha;
        private PersistenceSettings persistence;

        Copy(ServerConfig from) {
            host = from.host;
            port = from.port;
            http = from.http;
            bodyLimitBytes = from.bodyLimitBytes;
            requestTimeoutMillis = from.requestTimeoutMillis;
            shutdownTimeoutMillis = from.shutdownTimeoutMillis;
            maxBatchOrders = from.maxBatchOrders;
            allowInsecureNoAuth = from.allowInsecureNoAuth;
            engineQueueCapacity = from.engineQueueCapacity;
            timeAdvanceMillis = from.timeAdvanceMillis;
            commitGatherMicros = from.commitGatherMicros;
            dataDir = from.dataDir;
            markets = from.markets;
            historyOrders = from.historyOrders;
            historyTrades = from.historyTrades;
            authMode = from.authMode;
            adminToken = from.adminToken;
            signatureWindowSecs = from.signatureWindowSecs;
            rateLimits = from.rateLimits;
            databaseUrl = from.databaseUrl;
            aptos = from.aptos;
            settlement = from.settlement;
            stream = from.stream;
            corsOrigins = from.corsOrigins;
            ha = from.ha;
            persistence = from.persistence;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, http, bodyLimitBytes, requestTimeoutMillis, shutdownTimeoutMillis,
                    maxBatchOrders, allowInsecureNoAuth, engineQueueCapacity, timeAdvanceMillis, commitGatherMicros,
                    dataDir, markets, historyOrders, historyTrades, authMode, adminToken, signatureWindowSecs,
                    rateLimits, databaseUrl, aptos, settlement, stream, corsOrigins, ha, persistence);
        }
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", http=" + http + ", auth=" + authMode
                + ", admin_token=" + (adminToken == null ? "unset" : "set") + ", database="
                + (databaseUrl == null ? "none (in-memory)" : "configured") + ", markets=" + markets.configured().size()
                + " configured" + (markets.strict() ? "" : " + unknown ids allowed") + ", body_limit=" + bodyLimitBytes
                + ", rate_limits=" + rateLimits + ", settlement=" + settlement + "]";
    }
}
