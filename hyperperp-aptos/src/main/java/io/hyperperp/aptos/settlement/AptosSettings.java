package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.CryptoException;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the Aptos settlement sink, read by {@link #fromEnv(Map)} from
 * {@code HYPERPERP_APTOS__*} variables (see docs/onchain.md).
 *
 * <p>{@link #toString()} never shows the private key or the API key.
 *
 * @param nodeUrl        fullnode REST base, ending in {@code /v1} ({@code __NODE_URL})
 * @param adminAddress   the admin account that signs settlement ({@code __ADMIN_ADDRESS}; default: the key's
 *                       derived address)
 * @param adminKey       its Ed25519 key ({@code __ADMIN_PRIVATE_KEY} or {@code __ADMIN_PRIVATE_KEY_FILE})
 * @param contract       address the HyperPerp package is published at ({@code __CONTRACT_ADDRESS})
 * @param chainId        expected chain id ({@code __CHAIN_ID})
 * @param module         module of the entry function ({@code __MODULE}, default {@code perp_engine})
 * @param function       entry function ({@code __FUNCTION}; default {@code apply_batch_v} for layout
 *                       {@code batch}, {@code apply_batch_simple} for {@code per-fill})
 * @param layout         {@code batch} or {@code per-fill} ({@code __LAYOUT}, default batch)
 * @param eventsAddress  {@code events_addr} argument ({@code __EVENTS_ADDRESS}, default the admin address)
 * @param maxGas         max gas units per transaction ({@code __MAX_GAS}, default 1,000,000); with
 *                       simulation, the cap of the simulated amount
 * @param gasPrice       gas unit price in octas, 0 = ask the node's {@code estimate_gas_price} ({@code __GAS_PRICE})
 * @param txnTtlSecs     transaction expiration = ledger time + this ({@code __TXN_TTL_SECS}, default 60)
 * @param maxInFlight    transactions in flight at once ({@code __MAX_IN_FLIGHT}, default 8, at most 100)
 * @param apiKey         node API key sent as a bearer token, or null ({@code __API_KEY})
 * @param simulate       simulate each transaction first and set max gas from the gas used ({@code __SIMULATE})
 */
public record AptosSettings(String nodeUrl, AccountAddress adminAddress, Ed25519PrivateKey adminKey,
                            AccountAddress contract, int chainId, String module, String function, BatchLayout layout,
                            AccountAddress eventsAddress, long maxGas, long gasPrice, long txnTtlSecs, int maxInFlight,
                            String apiKey, boolean simulate) {

    /** Environment variable prefix. */
    public static final String ENV_PREFIX = "HYPERPERP_APTOS__";
    /** Default max gas units per transaction. */
    public static final long DEFAULT_MAX_GAS = 1_000_000L;
    /** Default transaction time to live, seconds of ledger time. */
    public static final long DEFAULT_TTL_SECS = 60L;
    /** Default in-flight window. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    /** Aptos mempool keeps at most 100 transactions per account. */
    public static final int MAX_IN_FLIGHT_LIMIT = 100;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Validates the settings; messages name the setting. */
    public AptosSettings {
        Objects.requireNonNull(nodeUrl, "nodeUrl");
        Objects.requireNonNull(adminKey, "adminKey");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(layout, "layout");
        if (adminAddress == null) {
            adminAddress = adminKey.accountAddress();
        }
        if (eventsAddress == null) {
            eventsAddress = adminAddress;
        }
        checkUrl("NODE_URL", nodeUrl);
        if (chainId < 0 || chainId > 255) {
            throw bad("CHAIN_ID", "must be a u8 (0..255), got " + chainId);
        }
        if (!IDENTIFIER.matcher(module).matches()) {
            throw bad("MODULE", "'" + module + "' is not a Move identifier");
        }
        if (!IDENTIFIER.matcher(function).matches()) {
            throw bad("FUNCTION", "'" + function + "' is not a Move identifier");
        }
        if (maxGas < 1) {
            throw bad("MAX_GAS", "must be positive, got " + maxGas);
        }
        if (gasPrice < 0) {
            throw bad("GAS_PRICE", "must not be negative, got " + gasPrice);
        }
        if (txnTtlSecs < 1) {
            throw bad("TXN_TTL_SECS", "must be positive, got " + txnTtlSecs);
        }
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw bad("MAX_IN_FLIGHT", "must be in 1.." + MAX_IN_FLIGHT_LIMIT + ", got " + maxInFlight);
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /**
     * Settings with the defaults for everything optional.
     *
     * @param nodeUrl  fullnode URL ending in /v1
     * @param adminKey admin key (the admin address is derived from it)
     * @param contract contract address
     * @param chainId  chain id
     * @param layout   call layout
     */
    public static AptosSettings of(String nodeUrl, Ed25519PrivateKey adminKey, AccountAddress contract, int chainId,
                                   BatchLayout layout) {
        return new AptosSettings(nodeUrl, null, adminKey, contract, chainId, BatchCall.DEFAULT_MODULE,
                defaultFunction(layout), layout, null, DEFAULT_MAX_GAS, 0, DEFAULT_TTL_SECS, DEFAULT_MAX_IN_FLIGHT,
                null, false);
    }

    /** The entry function a layout calls unless configured. */
    public static String defaultFunction(BatchLayout layout) {
        return layout == BatchLayout.BATCH ? BatchCall.DEFAULT_BATCH_FUNCTION : BatchCall.DEFAULT_SIMPLE_FUNCTION;
    }

    /**
     * Reads the settings from an environment ({@code System.getenv()} in production). Required:
     * {@code NODE_URL}, {@code CONTRACT_ADDRESS}, {@code CHAIN_ID} and one of
     * {@code ADMIN_PRIVATE_KEY} / {@code ADMIN_PRIVATE_KEY_FILE}. A malformed value is an error that
     * names the variable (never the key itself).
     *
     * @throws IllegalArgumentException for a missing or malformed setting
     */
    public static AptosSettings fromEnv(Map<String, String> env) {
        String nodeUrl = required(env, "NODE_URL");
        Ed25519PrivateKey key = key(env);
        AccountAddress admin = address(env, "ADMIN_ADDRESS");
        AccountAddress contract = address(env, "CONTRACT_ADDRESS");
        if (contract == null) {
            throw bad("CONTRACT_ADDRESS", "is required");
        }
        int chainId = (int) number(env, "CHAIN_ID", -1, 0, 255);
        if (chainId < 0) {
            throw bad("CHAIN_ID", "is required (mainnet 1, testnet 2, localnet 4)");
        }
        BatchLayout layout = BatchLayout.BATCH;
        String layoutText = var(env, "LAYOUT");
        if (layoutText != null) {
            try {
                layout = BatchLayout.fromConfig(layoutText);
            } catch (IllegalArgumentException e) {
                throw bad("LAYOUT", "'" + layoutText + "' is not batch or per-fill");
            }
        }
        String module = orDefault(var(env, "MODULE"), BatchCall.DEFAULT_MODULE);
        String function = orDefault(var(env, "FUNCTION"), defaultFunction(layout));
        AccountAddress events = address(env, "EVENTS_ADDRESS");
        long maxGas = number(env, "MAX_GAS", DEFAULT_MAX_GAS, 1, Long.MAX_VALUE);
        long gasPrice = number(env, "GAS_PRICE", 0, 1, Long.MAX_VALUE);
        long ttl = number(env, "TXN_TTL_SECS", DEFAULT_TTL_SECS, 1, 3_600);
        int inFlight = (int) number(env, "MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, MAX_IN_FLIGHT_LIMIT);
        String apiKey = var(env, "API_KEY");
        boolean simulate = bool(env, "SIMULATE");
        return new AptosSettings(nodeUrl, admin, key, contract, chainId, module, function, layout, events, maxGas,
                gasPrice, ttl, inFlight, apiKey, simulate);
    }

    /** The call builder for these settings. */
    public BatchCall batchCall() {
        BatchCall.Builder b = BatchCall.builder(contract).module(module).layout(layout);
        if (layout == BatchLayout.BATCH) {
            b.batchFunction(function);
        } else {
            b.simpleFunction(function);
        }
        return b.build();
    }

    /** A client builder for the node (API key included). */
    public AptosClient.Builder clientBuilder() {
        return AptosClient.builder(nodeUrl).apiKey(apiKey);
    }

    /** A copy with another in-flight window. */
    public AptosSettings withMaxInFlight(int value) {
        return new AptosSettings(nodeUrl, adminAddress, adminKey, contract, chainId, module, function, layout,
                eventsAddress, maxGas, gasPrice, txnTtlSecs, value, apiKey, simulate);
    }

    /** A copy with another transaction TTL. */
    public AptosSettings withTxnTtlSecs(long value) {
        return new AptosSettings(nodeUrl, adminAddress, adminKey, contract, chainId, module, function, layout,
                eventsAddress, maxGas, gasPrice, value, maxInFlight, apiKey, simulate);
    }

    /** A copy with simulation switched on or off. */
    public AptosSettings withSimulate(boolean value) {
        return new AptosSettings(nodeUrl, adminAddress, adminKey, contract, chainId, module, function, layout,
                eventsAddress, maxGas, gasPrice, txnTtlSecs, maxInFlight, apiKey, value);
    }

    /** A copy with a fixed gas price (0: estimate). */
    public AptosSettings withGasPrice(long value) {
        return new AptosSettings(nodeUrl, adminAddress, adminKey, contract, chainId, module, function, layout,
                eventsAddress, maxGas, value, txnTtlSecs, maxInFlight, apiKey, simulate);
    }

    /** A copy with another admin address (for accounts whose key was rotated). */
    public AptosSettings withAdminAddress(AccountAddress value) {
        return new AptosSettings(nodeUrl, value, adminKey, contract, chainId, module, function, layout,
                eventsAddress, maxGas, gasPrice, txnTtlSecs, maxInFlight, apiKey, simulate);
    }

    /** A copy with another function name (and layout). */
    public AptosSettings withCall(String newModule, String newFunction, BatchLayout newLayout) {
        return new AptosSettings(nodeUrl, adminAddress, adminKey, contract, chainId, newModule, newFunction, newLayout,
                eventsAddress, maxGas, gasPrice, txnTtlSecs, maxInFlight, apiKey, simulate);
    }

    /** Never shows the private key or the API key. */
    @Override
    public String toString() {
        return "AptosSettings[nodeUrl=" + nodeUrl + ", adminAddress=" + adminAddress + ", adminKey=redacted"
                + ", contract=" + contract + ", chainId=" + chainId + ", module=" + module + ", function=" + function
                + ", layout=" + layout.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", eventsAddress="
                + eventsAddress + ", maxGas=" + maxGas + ", gasPrice=" + (gasPrice == 0 ? "estimate" : gasPrice)
                + ", txnTtlSecs=" + txnTtlSecs + ", maxInFlight=" + maxInFlight + ", apiKey="
                + (apiKey == null ? "none" : "redacted") + ", simulate=" + simulate + "]";
    }

    // ---- env helpers -------------------------------------------------------------------------

    private static IllegalArgumentException bad(String name, String why) {
        return new IllegalArgumentException(ENV_PREFIX + name + " " + why);
    }

    private static String var(Map<String, String> env, String name) {
        String v = env.get(ENV_PREFIX + name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static String required(Map<String, String> env, String name) {
        String v = var(env, name);
        if (v == null) {
            throw bad(name, "is required");
        }
        return v;
    }

    private static void checkUrl(String name, String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw bad(name, "must be an http(s) URL such as https://<fullnode>/v1, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw bad(name, "is not a URL: '" + url + "'");
        }
    }

    private static AccountAddress address(Map<String, String> env, String name) {
        String v = var(env, name);
        if (v == null) {
            return null;
        }
        try {
            return AccountAddress.parse(v);
        } catch (IllegalArgumentException e) {
            throw bad(name, "is not an account address: " + e.getMessage());
        }
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String v = var(env, name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(name, "must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw bad(name, "must be in " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = var(env, name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw bad(name, "must be true or false, got '" + v + "'");
        };
    }

    private static Ed25519PrivateKey key(Map<String, String> env) {
        String inline = var(env, "ADMIN_PRIVATE_KEY");
        String file = var(env, "ADMIN_PRIVATE_KEY_FILE");
        if (inline != null && file != null) {
            throw bad("ADMIN_PRIVATE_KEY", "and " + ENV_PREFIX + "ADMIN_PRIVATE_KEY_FILE are both set; set one");
        }
        try {
            if (inline != null) {
                return Ed25519PrivateKey.fromString(inline);
            }
            if (file != null) {
                return Ed25519PrivateKey.fromFile(Path.of(file));
            }
        } catch (CryptoException e) {
            // CryptoException messages never contain the key.
            throw bad(inline != null ? "ADMIN_PRIVATE_KEY" : "ADMIN_PRIVATE_KEY_FILE", "is invalid: " + e.getMessage());
        }
        throw bad("ADMIN_PRIVATE_KEY", "(or " + ENV_PREFIX + "ADMIN_PRIVATE_KEY_FILE) is required");
    }
}
