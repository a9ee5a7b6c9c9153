package io.hyperperp.server.config;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.settlement.SettlementConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
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
        return with("host", newHost, "port", newPort);
    }

    /** A copy with other authentication settings. */
    public ServerConfig withAuth(AuthMode mode, String token) {
        return with("authMode", mode, "adminToken", token);
    }

    /** A copy with other rate limits. */
    public ServerConfig withRateLimits(RateLimits limits) {
        return with("rateLimits", limits);
    }

    /** A copy with another market registry. */
    public ServerConfig withMarkets(MarketRegistry registry) {
        return with("markets", registry);
    }

    /** A copy with other stream settings. */
    public ServerConfig withStream(StreamSettings settings) {
        return with("stream", settings);
    }

    /** A copy with other settlement settings. */
    public ServerConfig withSettlement(SettlementConfig value) {
        return with("settlement", value);
    }

    /** A copy with other CORS origins ({@code "*"} alone = any origin). */
    public ServerConfig withCorsOrigins(java.util.List<String> origins) {
        return with("corsOrigins", origins);
    }

    /** A copy with other high-availability settings. */
    public ServerConfig withHa(HaSettings value) {
        return with("ha", value);
    }

    /** A copy with other persistence settings. */
    public ServerConfig withPersistence(PersistenceSettings value) {
        return with("persistence", value);
    }

    /**
     * What every {@code withX} is: a copy with the components named in {@code namesAndValues} (name, value, name,
     * value ...) replaced and every other one kept. No component is listed by hand here, so a component added to the
     * record is kept by every copy (nine hand-written copies of 26 components were a copy-paste hazard); a name that
     * is not a component is an IllegalArgumentException, and ServerConfigCopyTest runs every {@code withX}. Not on
     * any request's path: copies are made while the server is configured.
     */
    private ServerConfig with(Object... namesAndValues) {
        RecordComponent[] components = ServerConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int replaced = 0;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getAccessor().invoke(this);
                for (int n = 0; n < namesAndValues.length; n += 2) {
                    if (components[i].getName().equals(namesAndValues[n])) {
                        values[i] = namesAndValues[n + 1];
                        replaced++;
                    }
                }
            }
            if (2 * replaced != namesAndValues.length) {
                throw new IllegalArgumentException("not components of ServerConfig: " + Arrays.toString(namesAndValues));
            }
            return ServerConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            // the canonical constructor's own checks (a null registry ...) surface as they would from new
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("copying ServerConfig", e);
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
