package io.hyperperp.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.json.MarketsJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where {@link ServerConfigLoader} takes the markets from: the markets file or config.toml's tables. */
final class MarketsSource {

    private MarketsSource() {
    }

    /**
     * The markets of {@code server.markets_file} (a JSON array or {@code {"markets": [...]}}) or of the
     * {@code [[markets]]} tables, never both; neither: every market id gets the default spec (or none, with
     * {@code allowUnknown} false). {@code maxUnknown} bounds the markets opened for ids not listed, unless the
     * markets file names its own {@code max_unknown_markets} (the file a {@code replay} of the log is given).
     * Collateral amounts have {@code collateralDecimals} ({@code server.collateral_decimals}); a markets file
     * naming other {@code collateral_decimals} is refused rather than overridden without a word.
     */
    static MarketRegistry registry(String marketsFile, JsonNode tomlMarkets, boolean allowUnknown,
                                   MarginMode defaultMargin, int maxUnknown, int collateralDecimals) {
        MarketRegistry registry = registry(marketsFile, tomlMarkets, allowUnknown, defaultMargin);
        JsonNode root = marketsFile == null ? null : root(marketsFile);
        boolean namesOwnBound = root != null && root.isObject() && root.has("max_unknown_markets");
        JsonNode decimals = root != null && root.isObject() ? root.get("collateral_decimals") : null;
        if (decimals != null && !(decimals.isIntegralNumber() && decimals.asLong() == collateralDecimals)) {
            throw new ConfigException("server.markets_file sets collateral_decimals " + decimals
                    + " but server.collateral_decimals is " + collateralDecimals + ": set server.collateral_decimals="
                    + decimals + " (the decimals are fixed for the life of a data directory) or drop it from the file");
        }
        registry = registry.withCollateralDecimals(collateralDecimals);
        return namesOwnBound ? registry : registry.withMaxUnknownMarkets(maxUnknown);
    }

    private static JsonNode root(String marketsFile) {
        try {
            return CommandJson.newMapper().readTree(ConfigFiles.readText(Path.of(marketsFile),
                    "server.markets_file", ConfigFiles.MAX_CONFIG_BYTES));
        } catch (IOException e) {
            throw new ConfigException("server.markets_file cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static MarketRegistry registry(String marketsFile, JsonNode tomlMarkets, boolean allowUnknown,
                                           MarginMode defaultMargin) {
        if (marketsFile != null && tomlMarkets != null) {
            throw new ConfigException("markets are configured twice: server.markets_file and [[markets]] in config.toml");
        }
        try {
            if (marketsFile != null) {
                String json = ConfigFiles.readText(Path.of(marketsFile), "server.markets_file",
                        ConfigFiles.MAX_CONFIG_BYTES);
                JsonNode root = CommandJson.newMapper().readTree(json);
                if (root == null || root.isMissingNode()) {
                    // a truncated write must not start a server on default specs for every market
                    throw new ConfigException("server.markets_file is empty: it must hold a JSON array of markets or"
                            + " an object {\"markets\": [...]}");
                }
                if (root.isObject() && root.has("allow_unknown_markets")) {
                    return MarketsJson.parse(json, defaultMargin);
                }
                ObjectNode wrapped = CommandJson.newMapper().createObjectNode();
                wrapped.put("allow_unknown_markets", allowUnknown);
                wrapped.set("markets", root.isObject() && root.has("markets") ? root.get("markets") : root);
                if (root.isObject() && root.has("max_unknown_markets")) {
                    wrapped.set("max_unknown_markets", root.get("max_unknown_markets"));
                }
                return MarketsJson.parse(wrapped.toString(), defaultMargin);
            }
            if (tomlMarkets != null) {
                if (!tomlMarkets.isArray()) {
                    throw new ConfigException("markets in config.toml must be an array of tables ([[markets]])");
                }
                ObjectNode wrapped = CommandJson.newMapper().createObjectNode();
                wrapped.put("allow_unknown_markets", allowUnknown);
                wrapped.set("markets", tomlMarkets);
                return MarketsJson.parse(wrapped.toString(), defaultMargin);
            }
        } catch (MarketsJson.MarketsConfigException e) {
            throw new ConfigException("markets: " + e.getMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException("server.markets_file is not valid JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage()
                    .lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ConfigException("server.markets_file cannot be read: " + e.getClass().getSimpleName());
        }
        return allowUnknown
                ? MarketRegistry.of(List.of(), true, MarketSpec.defaults(0).withRisk(
                        MarketsJson.defaultRisk(defaultMargin)))
                : MarketRegistry.of(List.of(), false, null);
    }
}
