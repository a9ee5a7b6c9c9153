package io.hyperperp.server.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The configuration a server actually runs with, by TOML key, for the start-up log. Secrets (the
 * admin token, the database URL, which may carry a password, and the Aptos private key) show as
 * {@value #REDACTED} when set and never with their value.
 */
public final class EffectiveSettings {

    /** What a set secret shows as. */
    public static final String REDACTED = "<redacted>";

    private EffectiveSettings() {
    }

    /** Every resolved setting, by TOML key, in the order of {@link Setting#ALL}; unset ones are left out. */
    public static Map<String, String> of(ServerConfig c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("server.host", c.host());
        out.put("server.port", Integer.toString(c.port()));
        out.put("server.max_connections_per_ip", Integer.toString(c.http().maxConnectionsPerIp()));
        out.put("server.header_timeout_ms", Long.toString(c.http().headerTimeoutMillis()));
        out.put("server.body_limit_bytes", Integer.toString(c.bodyLimitBytes()));
        out.put("server.request_timeout_ms", Long.toString(c.requestTimeoutMillis()));
        out.put("server.shutdown_timeout_secs", Long.toString(c.shutdownTimeoutMillis() / 1_000));
        out.put("server.max_batch_orders", Integer.toString(c.maxBatchOrders()));
        out.put("server.allow_insecure_no_auth", Boolean.toString(c.allowInsecureNoAuth()));
        out.put("server.engine_queue_capacity", Integer.toString(c.engineQueueCapacity()));
        out.put("server.time_advance_ms", Long.toString(c.timeAdvanceMillis()));
        out.put("server.commit_gather_us", Long.toString(c.commitGatherMicros()));
        if (c.dataDir() != null) {
            out.put("server.data_dir", c.dataDir().toString());
        }
        out.put("markets", Integer.toString(c.markets().configured().size())); // how many are configured
        out.put("server.allow_unknown_markets", Boolean.toString(!c.markets().strict()));
        out.put("server.max_unknown_markets", Integer.toString(c.markets().maxUnknownMarkets()));
        out.put("server.history_orders", Integer.toString(c.historyOrders()));
        out.put("server.history_trades", Integer.toString(c.historyTrades()));
        out.put("server.cors_origins", String.join(",", c.corsOrigins()));
        out.put("auth.mode", c.authMode().name().toLowerCase(java.util.Locale.ROOT));
        secret(out, "auth.admin_token", c.adminToken());
        out.put("auth.signature_window_secs", Integer.toString(c.signatureWindowSecs()));
        out.put("rate_limit.ip_per_sec", number(c.rateLimits().ipPerSecond()));
        out.put("rate_limit.ip_burst", number(c.rateLimits().ipBurst()));
        out.put("rate_limit.user_per_sec", number(c.rateLimits().userPerSecond()));
        out.put("rate_limit.user_burst", number(c.rateLimits().userBurst()));
        secret(out, "database.url", c.databaseUrl());
        for (Setting s : Setting.ALL) {
            if (s.key().startsWith("aptos.")) {
                String value = c.aptos().get(s.key().substring("aptos.".length()));
                if (s.secret()) {
                    secret(out, s.key(), value);
                } else if (value != null) {
                    out.put(s.key(), value);
                }
            }
        }
        var settlement = c.settlement();
        out.put("settlement.batch_size", Integer.toString(settlement.batchSize()));
        out.put("settlement.batch_timeout_secs", BigDecimal.valueOf(settlement.batchTimeoutMillis(), 3)
                .stripTrailingZeros().toPlainString());
        out.put("settlement.max_price_slippage", BigDecimal.valueOf(settlement.maxSlippageBps(), 4)
                .stripTrailingZeros().toPlainString());
        out.put("settlement.batch_ttl_secs", Long.toString(settlement.batchTtlSeconds()));
        out.put("settlement.max_in_flight", Integer.toString(settlement.maxInFlight()));
        out.put("settlement.retry_initial_ms", Long.toString(settlement.retryInitialMillis()));
        out.put("settlement.retry_max_ms", Long.toString(settlement.retryMaxMillis()));
        out.put("settlement.jitter_seed", Long.toString(settlement.jitterSeed()));
        out.put("stream.ring_size", Integer.toString(c.stream().ringSize()));
        out.put("stream.client_queue", Integer.toString(c.stream().clientQueue()));
        out.put("stream.heartbeat_secs", Integer.toString(c.stream().heartbeatSecs()));
        out.put("stream.max_clients", Integer.toString(c.stream().maxClients()));
        out.put("stream.max_clients_per_ip", Integer.toString(c.stream().maxClientsPerIp()));
        out.put("stream.max_age_secs", Integer.toString(c.stream().maxAgeSecs()));
        out.put("persistence.tables", c.persistence().tables().wireName());
        out.put("persistence.tables_batch_ms", Integer.toString(c.persistence().tablesBatchMillis()));
        out.put("ha.enabled", Boolean.toString(c.ha().enabled()));
        if (c.ha().enabled()) {
            out.put("ha.lease_ms", Long.toString(c.ha().leaseMillis()));
            if (c.ha().advertisedUrl() != null) {
                out.put("ha.advertised_url", c.ha().advertisedUrl());
            }
            if (c.ha().nodeId() != null) {
                out.put("ha.node_id", c.ha().nodeId());
            }
        }
        return out;
    }

    /** {@code key=value key=value ...}, one line. */
    public static String line(ServerConfig c) {
        StringJoiner line = new StringJoiner(" ");
        of(c).forEach((k, v) -> line.add(k + "=" + v));
        return line.toString();
    }

    private static void secret(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, REDACTED);
        }
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
