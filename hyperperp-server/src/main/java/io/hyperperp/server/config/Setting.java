package io.hyperperp.server.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration setting: its TOML key ({@code section.name}), environment variable, default
 * and meaning. {@link #ALL} is the single list of settings; {@link ServerConfigLoader} and
 * docs/configuration.md follow it.
 *
 * @param key         TOML key, {@code section.name}; also the name used by {@code --set key=value}
 * @param env         environment variable
 * @param defaultText default value as text, or null for none
 * @param secret      true for values that must never be logged; they may also come from
 *                    {@code <key>_file} / {@code <ENV>_FILE}
 * @param description one-line meaning
 */
public record Setting(String key, String env, String defaultText, boolean secret, String description) {

    static Setting of(String key, String defaultText, String description) {
        return new Setting(key, envOf(key), defaultText, false, description);
    }

    static Setting secret(String key, String description) {
        return new Setting(key, envOf(key), null, true, description);
    }

    /** {@code server.host} becomes {@code HYPERPERP_SERVER__HOST}. */
    static String envOf(String key) {
        int dot = key.indexOf('.');
        return "HYPERPERP_" + key.substring(0, dot).toUpperCase(Locale.ROOT) + "__"
                + key.substring(dot + 1).toUpperCase(Locale.ROOT);
    }

    /** Every setting. The seed's {@code HYPERPERP_DATABASE_URL} keeps its single underscore. */
    public static final List<Setting> ALL = List.of(
            of("server.host", "127.0.0.1", "address to bind"),
            of("server.port", "8080", "TCP port (0 = any free port)"),
            of("server.max_connections_per_ip", "256", "requests one client IP may have in progress at once, each on its own connection (0 = no bound); more answer 429"),
            of("server.header_timeout_ms", "10000", "longest time from a request's first byte to the end of its headers; then the connection is closed"),
            of("server.body_limit_bytes", "65536", "largest accepted request body; larger answers 413"),
            of("server.request_timeout_ms", "10000", "longest wait for the engine, and for reading a request; then 503"),
            of("server.shutdown_timeout_secs", "20", "longest wait at shutdown for queued commands to be committed "
                    + "(a database down; an HA follower: the log it applies); then they fail with 503 and are never acknowledged"),
            of("server.max_batch_orders", "100", "most orders in one POST /orders/batch (at most 100)"),
            of("server.allow_insecure_no_auth", "false",
                    "allow auth.mode=none on a non-loopback server.host (never in production)"),
            of("server.engine_queue_capacity", "65536", "bound of the engine command queue; a full queue answers 503"),
            of("server.time_advance_ms", "100", "how often an idle engine expires due good-til-time and stop/take-profit"
                    + " orders (a logged advance_time command); 0 = only when a command arrives"),
            of("server.commit_gather_us", "2000", "with a database: longest wait of the group commit, under load, for the"
                    + " clients its last commit answered (at most half the last commit's time; 0 = never wait; 0 to 100000)"),
            of("server.data_dir", null, "directory for local state (the persistent backend uses it)"),
            of("server.markets_file", null, "JSON markets file (the MarketsJson format); or [[markets]] tables in config.toml"),
            of("server.allow_unknown_markets", "true", "unknown market ids get the default spec (seed behaviour)"),
            of("server.max_unknown_markets", "256", "most markets opened for unknown ids (configured markets do not"
                    + " count); past it such ids are rejected as TOO_MANY_MARKETS; 0 to 1000000"),
            of("server.default_margin", "cross", "margin mode of markets that do not name one: cross or none"),
            of("server.collateral_decimals", "6", "decimals of collateral amounts (deposits, balances, PnL, fees), 0-18;"
                    + " like the chain's USDC by default; fixed for the life of a data directory"),
            of("server.history_orders", "100000", "in-memory backend: closed orders kept for GET /orders"),
            of("server.history_trades", "100000", "in-memory backend: trades kept per market for GET /trades"),
            of("server.cors_origins", "*", "origins a browser page may call the API from: * (any) or a comma-separated "
                    + "list (empty = no cross-origin access)"),
            of("auth.mode", "none", "none (loopback only) or signature (Ed25519 request signatures)"),
            secret("auth.admin_token", "bearer token of the admin routes; unset = admin routes refused"),
            of("auth.signature_window_secs", "30", "how far behind the clock a signed request may be, seconds (ahead: 1 s)"),
            of("rate_limit.ip_per_sec", "2000", "requests per second per client IP (0 = unlimited)"),
            of("rate_limit.ip_burst", "4000", "burst per client IP"),
            of("rate_limit.user_per_sec", "1000", "orders per second per user address (0 = unlimited)"),
            of("rate_limit.user_burst", "2000", "burst per user address"),
            new Setting("database.url", "HYPERPERP_DATABASE_URL", null, true,
                    "PostgreSQL JDBC/libpq URL; unset = in-memory backend"),
            of("aptos.node_url", null, "Aptos fullnode REST URL (carried to the settlement adapter)"),
            of("aptos.admin_address", null, "admin account address"),
            secret("aptos.admin_private_key", "admin Ed25519 private key"),
            of("aptos.contract_address", null, "HyperPerp contract address"),
            of("aptos.chain_id", null, "chain id"),
            of("aptos.module", null, "module of the settlement entry function (default perp_engine)"),
            of("aptos.function", null, "settlement entry function (default by layout: apply_batch_v or apply_batch_simple)"),
            of("aptos.layout", null, "call layout: batch (default) or per-fill"),
            of("aptos.events_address", null, "events_addr argument (default the admin address)"),
            of("aptos.max_gas", null, "max gas units per transaction (default 1000000)"),
            of("aptos.gas_price", null, "gas unit price in octas (default: the node's estimate)"),
            of("aptos.txn_ttl_secs", null, "transaction expiry, seconds of ledger time (default 60)"),
            of("aptos.max_in_flight", null, "transactions in flight at once (default 8, at most 100)"),
            secret("aptos.api_key", "node API key, sent as a bearer token"),
            of("aptos.simulate", null, "simulate each transaction first and set max gas from it (true/false)"),
            of("aptos.coin_type", null, "collateral coin type of vault_coin deposits, e.g. 0x...::usdc::USDC; set = "
                    + "collateral from the chain (freeze/confirm verify deposits)"),
            of("aptos.deposit_poll_ms", null, "how often deposits on chain are observed, ms (default 1000; 0 = only "
                    + "on confirm)"),
            of("settlement.batch_size", "100", "fills per settlement batch"),
            of("settlement.batch_timeout_secs", "5", "seal a batch this long after its first fill (decimal seconds)"),
            of("settlement.max_price_slippage", "0.05", "batch price bounds around its fills (fraction)"),
            of("settlement.batch_ttl_secs", "300", "batch expiry after sealing, seconds"),
            of("settlement.max_in_flight", "8", "batches with the sink at once"),
            of("settlement.retry_initial_ms", "200", "first settlement retry back-off"),
            of("settlement.retry_max_ms", "30000", "settlement back-off ceiling"),
            of("settlement.jitter_seed", "1", "seed of the back-off jitter"),
            of("stream.ring_size", "100000", "events kept for Last-Event-ID resume"),
            of("stream.client_queue", "10000", "events queued per SSE client; a client that falls further behind is disconnected"),
            of("stream.heartbeat_secs", "15", "SSE heartbeat interval"),
            of("stream.max_clients", "256", "most concurrent SSE clients"),
            of("stream.max_clients_per_ip", "16", "most concurrent SSE clients from one client IP (0 = no bound);"
                    + " more answer 429"),
            of("stream.max_age_secs", "300", "a stream's age bound: past it (less up to a tenth, spread per stream)"
                    + " the stream ends with a retry: hint and the client reconnects and resumes; bounds the slot of"
                    + " a peer that vanished without closing (0 = none)"),
            of("persistence.tables", "behind", "when the persistent backend writes its state tables: behind (the"
                    + " commit writes the log only, a table writer follows in batches; reads of the tables wait for it)"
                    + " or inline (in each group commit, with the command log); docs/persistence.md"),
            of("persistence.tables_batch_ms", "100", "persistence.tables=behind: longest wait of the table writer,"
                    + " after a batch's first group, for more groups (0 to 10000; a read waiting for the tables cuts it short)"),
            of("ha.enabled", "false", "high availability: instances on one external PostgreSQL, one leader (docs/operations.md)"),
            of("ha.lease_ms", "5000", "leader lease; a follower takes over this long after the leader's last renewal"),
            of("ha.advertised_url", null, "URL clients reach this instance at (followers redirect writes to the leader's); unset = http://server.host:port"),
            of("ha.node_id", null, "this instance's name in the lease, unique among the instances; unset = host name and a random suffix"),
            of("ha.snapshot_interval_secs", "300", "the leader stores an engine snapshot (engine_snapshots) this often; 0 = never"),
            of("ha.kept_snapshots", "0", "prune command_groups up to the oldest of this many newest snapshots; 0 = keep the whole log"));

    /** The setting with this TOML key, or null. */
    public static Setting byKey(String key) {
        for (Setting s : ALL) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
