package io.hyperperp.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.jdbc.engine.TablesMode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.server.json.MarketsJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a {@link ServerConfig}. Every setting of {@link Setting#ALL} is taken from the first
 * layer that sets it: command-line flags (keyed by TOML key), then the environment
 * ({@code HYPERPERP_SECTION__NAME}), then the config.toml file, then the default. A secret may
 * instead name a file ({@code <key>_file} in TOML or flags, {@code <ENV>_FILE} in the environment);
 * the first layer that sets the value or the file wins, and the file's content, trimmed, is the
 * value. An unknown key (in the file, in flags, or any {@code HYPERPERP_*} environment variable
 * that is neither a setting nor one of {@link KnownVariables#OTHER_TOOLS}) or a bad value throws
 * {@link ConfigException} naming it (an unknown variable with the closest known name).
 */
public final class ServerConfigLoader {

    private static final Set<String> SECTIONS = Set.of("server", "auth", "rate_limit", "database", "aptos",
            "settlement", "stream", "ha", "persistence");

    private ServerConfigLoader() {
    }

    /**
     * Resolves the configuration.
     *
     * @param flags      values from the command line, by TOML key ({@code server.port}); may also
     *                   hold {@code <secret key>_file}
     * @param env        the environment
     * @param configFile config.toml, or null
     */
    public static ServerConfig load(Map<String, String> flags, Map<String, String> env, Path configFile) {
        Map<String, String> file = configFile == null ? Map.of() : new LinkedHashMap<>();
        JsonNode tomlMarkets = null;
        Boolean tomlAllowUnknown = null;
        if (configFile != null) {
            ObjectNode root = readToml(configFile);
            Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String section = e.getKey();
                if (section.equals("markets")) {
                    tomlMarkets = e.getValue();
                    continue;
                }
                if (!SECTIONS.contains(section) || !e.getValue().isObject()) {
                    throw new ConfigException("unknown config.toml key '" + section + "' (sections: server, auth, "
                            + "rate_limit, database, aptos, settlement, stream, ha, persistence, [[markets]])");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = e.getValue().fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    String key = section + "." + f.getKey();
                    JsonNode v = f.getValue();
                    if (!v.isValueNode() || v.isNull()) {
                        throw new ConfigException("config.toml key '" + key + "' must be a plain value");
                    }
                    file.put(key, v.asText());
                }
            }
            if (file.containsKey("server.allow_unknown_markets")) {
                tomlAllowUnknown = Boolean.parseBoolean(file.get("server.allow_unknown_markets"));
            }
        }
        checkKeys(flags, "flag --set");
        checkKeys(file, "config.toml key");
        Map<String, String> fromEnv = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            Setting s = byEnv(name);
            if (s != null) {
                fromEnv.put(name.endsWith("_FILE") && s.secret() && !name.equals(s.env()) ? s.key() + "_file" : s.key(),
                        e.getValue());
            } else if (name.startsWith("HYPERPERP_") && !KnownVariables.OTHER_TOOLS.contains(name)) {
                throw new ConfigException("unknown environment variable " + name + "; did you mean "
                        + KnownVariables.closest(name) + "? (docs/configuration.md lists them)");
            }
        }
        Map<String, String> resolved = new HashMap<>();
        for (Setting s : Setting.ALL) {
            String v = resolve(s, flags, fromEnv, file);
            if (v != null) {
                resolved.put(s.key(), v);
            }
        }
        return build(resolved, tomlMarkets, tomlAllowUnknown, configFile);
    }

    private static Setting byEnv(String name) {
        for (Setting s : Setting.ALL) {
            if (s.env().equals(name) || (s.secret() && (s.env() + "_FILE").equals(name))) {
                return s;
            }
        }
        return null;
    }

    private static void checkKeys(Map<String, String> layer, String what) {
        for (String key : layer.keySet()) {
            Setting s = Setting.byKey(key);
            if (s == null && key.endsWith("_file")) {
                Setting base = Setting.byKey(key.substring(0, key.length() - "_file".length()));
                if (base != null && base.secret()) {
                    continue;
                }
            }
            if (s == null) {
                throw new ConfigException("unknown " + what + " '" + key + "'; did you mean '"
                        + KnownVariables.closest(key, Setting.ALL.stream().map(Setting::key).toList()) + "'?");
            }
        }
    }

    private static String resolve(Setting s, Map<String, String> flags, Map<String, String> env,
                                  Map<String, String> file) {
        for (Map<String, String> layer : java.util.List.of(flags, env, file)) {
            String direct = layer.get(s.key());
            String path = s.secret() ? layer.get(s.key() + "_file") : null;
            if (direct != null && path != null) {
                throw new ConfigException(s.key() + " and " + s.key() + "_file are both set; set one");
            }
            if (direct != null) {
                return direct.trim();
            }
            if (path != null) {
                try {
                    String content = ConfigFiles.readText(Path.of(path.trim()), s.key() + "_file",
                            ConfigFiles.MAX_SECRET_BYTES).trim();
                    if (content.isEmpty()) {
                        throw new ConfigException(s.key() + "_file names an empty file");
                    }
                    return content;
                } catch (RuntimeException e) {
                    if (e instanceof ConfigException c) {
                        throw c;
                    }
                    throw new ConfigException(s.key() + "_file cannot be read (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        return s.defaultText();
    }

    private static ObjectNode readToml(Path file) {
        try {
            TomlMapper mapper = TomlMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
            JsonNode node = mapper.readTree(ConfigFiles.readText(file, "config file", ConfigFiles.MAX_CONFIG_BYTES));
            if (node == null || !node.isObject()) {
                return new ObjectMapper().createObjectNode();
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException("cannot read config file " + file.getFileName() + ": " + msg);
        }
    }

    private static ServerConfig build(Map<String, String> v, JsonNode tomlMarkets, Boolean tomlAllowUnknown,
                                      Path configFile) {
        String host = v.get("server.host");
        if (host == null || host.isBlank()) {
            throw new ConfigException("server.host must not be empty");
        }
        int port = intIn(v, "server.port", 0, 65_535);
        ServerConfig.HttpLimits http = new ServerConfig.HttpLimits(intIn(v, "server.max_connections_per_ip", 0, 1_000_000),
                intIn(v, "server.header_timeout_ms", 100, 600_000));
        int bodyLimit = intIn(v, "server.body_limit_bytes", 1024, 16 * 1024 * 1024);
        long timeout = intIn(v, "server.request_timeout_ms", 100, 600_000);
        long shutdownTimeout = intIn(v, "server.shutdown_timeout_secs", 1, 3_600) * 1_000L;
        int maxBatch = intIn(v, "server.max_batch_orders", 1, 100);
        boolean insecure = bool(v, "server.allow_insecure_no_auth");
        int queue = intIn(v, "server.engine_queue_capacity", 16, 16 * 1024 * 1024);
        long timeAdvance = intIn(v, "server.time_advance_ms", 0, 60_000);
        long commitGather = intIn(v, "server.commit_gather_us", 0, 100_000);
        if (v.get("server.data_dir") != null && v.get("server.data_dir").isBlank()) {
            // Path.of("") is the working directory: the database would land wherever the server was started
            throw new ConfigException("server.data_dir must not be empty (unset, it is ./hyperperp-data)");
        }
        Path dataDir = v.get("server.data_dir") == null ? null : Path.of(v.get("server.data_dir"));
        int historyOrders = intIn(v, "server.history_orders", 0, 100_000_000);
        int historyTrades = intIn(v, "server.history_trades", 0, 100_000_000);

        boolean allowUnknown = bool(v, "server.allow_unknown_markets");
        MarginMode defaultMargin;
        try {
            defaultMargin = MarginMode.parse(v.get("server.default_margin"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("server.default_margin must be cross or none");
        }
        MarketRegistry markets = MarketsSource.registry(v.get("server.markets_file"), tomlMarkets, allowUnknown, defaultMargin,
                        intIn(v, "server.max_unknown_markets", 0, MarketsJson.MAX_UNKNOWN_MARKETS_LIMIT),
                        intIn(v, "server.collateral_decimals", 0, 18));

        ServerConfig.AuthMode mode;
        switch (v.get("auth.mode").toLowerCase(Locale.ROOT)) {
            case "none" -> mode = ServerConfig.AuthMode.NONE;
            case "signature" -> mode = ServerConfig.AuthMode.SIGNATURE;
            default -> throw new ConfigException("auth.mode must be none or signature, not '" + v.get("auth.mode") + "'");
        }
        String adminToken = v.get("auth.admin_token");
        if (adminToken != null && adminToken.length() < 16) {
            throw new ConfigException("auth.admin_token must be at least 16 characters");
        }
        int window = intIn(v, "auth.signature_window_secs", 1, 600);
        ServerConfig.RateLimits limits = new ServerConfig.RateLimits(dbl(v, "rate_limit.ip_per_sec"),
                dbl(v, "rate_limit.ip_burst"), dbl(v, "rate_limit.user_per_sec"), dbl(v, "rate_limit.user_burst"));

        Map<String, String> aptos = new LinkedHashMap<>();
        for (Setting s : Setting.ALL) {
            if (s.key().startsWith("aptos.") && v.get(s.key()) != null) {
                aptos.put(s.key().substring("aptos.".length()), v.get(s.key()));
            }
        }
        checkAptos(aptos);
        if (aptos.containsKey("coin_type")) {
            try {
                io.hyperperp.aptos.tx.TypeTag.parse(aptos.get("coin_type"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("aptos.coin_type is not a Move type such as 0x1::aptos_coin::AptosCoin");
            }
        }
        if (aptos.containsKey("deposit_poll_ms") && !aptos.get("deposit_poll_ms").matches("[0-9]{1,9}")) {
            throw new ConfigException("aptos.deposit_poll_ms must be a whole number of milliseconds");
        }
        Map<String, String> settlementEnv = new HashMap<>();
        for (Setting s : Setting.ALL) {
            if (s.key().startsWith("settlement.") && v.get(s.key()) != null) {
                settlementEnv.put(s.env(), v.get(s.key()));
            }
        }
        SettlementConfig settlement;
        try {
            settlement = SettlementConfig.fromEnv(settlementEnv);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(settlementKeyNamed(e.getMessage()));
        }
        ServerConfig.StreamSettings stream = new ServerConfig.StreamSettings(intIn(v, "stream.ring_size", 16, 10_000_000),
                intIn(v, "stream.client_queue", 16, 10_000_000), intIn(v, "stream.heartbeat_secs", 1, 3600),
                intIn(v, "stream.max_clients", 1, 100_000), intIn(v, "stream.max_clients_per_ip", 0, 100_000),
                intIn(v, "stream.max_age_secs", 0, 86_400));
        if (mode == ServerConfig.AuthMode.NONE && !insecure && !isLoopback(host)) {
            throw new ConfigException("auth.mode=none is only allowed on a loopback server.host (got " + host
                    + "); use auth.mode=signature, or force it with server.allow_insecure_no_auth=true");
        }
        HaSettings ha = new HaSettings(bool(v, "ha.enabled"), intIn(v, "ha.lease_ms", 100, 600_000),
                v.get("ha.advertised_url"), v.get("ha.node_id"), intIn(v, "ha.snapshot_interval_secs", 0, 86_400),
                intIn(v, "ha.kept_snapshots", 0, 1_000));
        if (ha.enabled() && v.get("database.url") == null) {
            throw new ConfigException("ha.enabled needs database.url (HYPERPERP_DATABASE_URL): the instances share one"
                    + " external PostgreSQL");
        }
        PersistenceSettings persistence;
        try {
            persistence = new PersistenceSettings(TablesMode.parse(v.get("persistence.tables")),
                    intIn(v, "persistence.tables_batch_ms", 0, 10_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ServerConfig(host, port, http, bodyLimit, timeout, shutdownTimeout, maxBatch, insecure, queue,
                timeAdvance, commitGather, dataDir, markets, historyOrders, historyTrades, mode, adminToken, window, limits, v.get("database.url"),
                aptos, settlement, stream, corsOrigins(v.get("server.cors_origins")), ha, persistence);
    }

    /**
     * {@code *} (any origin) or a comma-separated list of origins ({@code scheme://host[:port]}); an
     * origin that is not one is a start-up error rather than a list that silently never matches.
     */
    static java.util.List<String> corsOrigins(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String part : (text == null ? "*" : text).split(",")) {
            String origin = part.strip();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new ConfigException("server.cors_origins: '" + origin
                        + "' is not an origin (scheme://host[:port], no path) or *");
            }
            out.add(origin.toLowerCase(Locale.ROOT));
        }
        if (out.contains("*") && out.size() > 1) {
            throw new ConfigException("server.cors_origins: * allows every origin and cannot be combined with a list");
        }
        return out;
    }

    /**
     * Any Aptos setting switches on settlement on Aptos, so a partial or malformed set stops
     * start-up (naming the missing or bad setting) instead of being ignored.
     */
    private static void checkAptos(Map<String, String> aptos) {
        if (aptos.isEmpty()) {
            return;
        }
        Map<String, String> env = new HashMap<>();
        aptos.forEach((name, value) -> env.put(AptosSettings.ENV_PREFIX + name.toUpperCase(Locale.ROOT), value));
        try {
            AptosSettings.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("aptos settings are incomplete or malformed: " + e.getMessage()
                    + " (set all of aptos.node_url, aptos.admin_private_key, aptos.contract_address and "
                    + "aptos.chain_id, or none)");
        }
    }

    /** True when the host names a loopback address. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("server.host '" + host + "' does not resolve");
        }
    }

    /** The settlement's message names its variable; say the key too, which config.toml and --set use. */
    private static String settlementKeyNamed(String message) {
        for (Setting s : Setting.ALL) {
            if (s.key().startsWith("settlement.") && message.contains(s.env() + "=")) {
                return message.replace(s.env() + "=", s.key() + " (" + s.env() + ") = ");
            }
        }
        return message;
    }

    private static int intIn(Map<String, String> v, String key, long min, long max) {
        String text = v.get(key);
        try {
            long n = Long.parseLong(asciiNumber(text));
            if (n < min || n > max) {
                throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + text);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + text + "'");
        }
    }

    private static double dbl(Map<String, String> v, String key) {
        String text = v.get(key);
        try {
            double d = Double.parseDouble(asciiNumber(text));
            if (!(d >= 0) || Double.isInfinite(d) || d > 1e9) {
                throw new ConfigException(key + " must be a number in [0, 1e9], got " + text);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, got '" + text + "'");
        }
    }

    /**
     * The trimmed text if it is written in ASCII digits, signs, a point and an exponent only; otherwise a
     * NumberFormatException. The JDK's parsers read other scripts' digits (server.port = Arabic-Indic 8080 was 8080)
     * and Java's own forms (a hex float 0x1p3, a suffix 5d), which no TOML file or other tool means by a number.
     */
    private static String asciiNumber(String text) {
        String t = text.trim();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
                throw new NumberFormatException(t);
            }
        }
        return t;
    }

    private static boolean bool(Map<String, String> v, String key) {
        String text = v.get(key).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new ConfigException(key + " must be true or false, got '" + v.get(key) + "'");
    }
}
