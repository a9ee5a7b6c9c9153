package io.hyperperp.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the market configuration:
 *
 * <pre>{@code
 * {"allow_unknown_markets": true,
 *  "markets": [{"market_id": 1, "symbol": "BTC-USD", "price_decimals": 8, "size_decimals": 8,
 *               "tick_size": "0.01", "lot_size": "0.0001", "min_size": "0.0001", "max_size": "1000000",
 *               "price_band_bps": 0, "maker_fee_bps": 2, "taker_fee_bps": 5, "max_slippage_bps": 500,
 *               "default_stp": "none"}]}
 * }</pre>
 *
 * <p>A bare array of specs is accepted too. Every spec field except {@code market_id} is optional
 * and defaults to {@link MarketSpec#defaults(long)} (sizes as decimal strings in the spec's own
 * decimals; {@code min_size} defaults to the lot size). {@code allow_unknown_markets} defaults to
 * true: ids not listed get the default spec, for at most {@code max_unknown_markets} such markets (default
 * {@link MarketRegistry#DEFAULT_MAX_UNKNOWN_MARKETS}; the listed ones do not count). Unknown fields are errors.
 */
public final class MarketsJson {

    private static final Set<String> ROOT_FIELDS = Set.of("allow_unknown_markets", "markets", "collateral_decimals",
            "max_unknown_markets");
    /** The largest {@code max_unknown_markets}: each open market holds a book and appears in every snapshot. */
    public static final int MAX_UNKNOWN_MARKETS_LIMIT = 1_000_000;
    private static final Set<String> SPEC_FIELDS = Set.of("market_id", "symbol", "price_decimals",
            "size_decimals", "tick_size", "lot_size", "min_size", "max_size", "price_band_bps", "maker_fee_bps",
            "taker_fee_bps", "max_slippage_bps", "default_stp", "margin", "imr_bps", "mmr_bps", "max_leverage",
            "default_leverage", "liquidation_fee_bps", "max_funding_rate", "funding_interval_seconds");

    /** A configuration that could not be read; the message names the offending field. */
    public static final class MarketsConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MarketsConfigException(String message) {
            super(message);
        }
    }

    private MarketsJson() {
    }

    /**
     * The risk settings of a market that names only its margin mode (cross: imr 5%, mmr 3%, leverage
     * up to 20, 10 by default, 0.5% liquidation fee, funding up to 1% per hourly interval).
     */
    public static RiskSpec defaultRisk(MarginMode margin) {
        return margin == MarginMode.CROSS ? RiskSpec.cross(500, 300, 20) : RiskSpec.NONE;
    }

    /** Parses the configuration text into a registry; markets that do not name a margin mode get none. */
    public static MarketRegistry parse(String json) {
        return parse(json, MarginMode.NONE);
    }

    /**
     * Parses the configuration text into a registry.
     *
     * @param defaultMargin margin mode of the markets that do not name one, and of unknown market ids
     *                      ({@code serve}: cross; {@code replay} and {@code bench}: none)
     */
    public static MarketRegistry parse(String json, MarginMode defaultMargin) {
        ObjectMapper mapper = CommandJson.newMapper();
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new MarketsConfigException("malformed JSON: " + CommandJson.firstLine(e.getMessage()));
        }
        boolean allowUnknown = true;
        int collateralDecimals = io.hyperperp.core.risk.RiskSettings.DEFAULTS.collateralDecimals();
        int maxUnknownMarkets = MarketRegistry.DEFAULT_MAX_UNKNOWN_MARKETS;
        JsonNode list;
        if (root != null && root.isArray()) {
            list = root;
        } else if (root != null && root.isObject()) {
            JsonFields f = new JsonFields((ObjectNode) root);
            try {
                f.onlyAllowed(ROOT_FIELDS);
                allowUnknown = f.optionalBoolean("allow_unknown_markets", true);
                collateralDecimals = intField(f, "collateral_decimals", 0, 18, collateralDecimals);
                maxUnknownMarkets = intField(f, "max_unknown_markets", 0, MAX_UNKNOWN_MARKETS_LIMIT, maxUnknownMarkets);
            } catch (JsonFields.Failure e) {
                throw new MarketsConfigException(e.error().describe());
            }
            list = f.value("markets");
            if (list == null) {
                list = mapper.createArrayNode();
            }
            if (!list.isArray()) {
                throw new MarketsConfigException("markets: must be an array");
            }
        } else {
            throw new MarketsConfigException("expected a JSON object {\"markets\": [...]} or an array of markets");
        }
        List<MarketSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            specs.add(spec(list.get(i), i, defaultMargin));
        }
        try {
            return MarketRegistry.of(specs, allowUnknown, MarketSpec.defaults(0).withRisk(defaultRisk(defaultMargin)))
                    .withCollateralDecimals(collateralDecimals).withMaxUnknownMarkets(maxUnknownMarkets);
        } catch (IllegalArgumentException e) {
            throw new MarketsConfigException(e.getMessage());
        }
    }

    private static MarketSpec spec(JsonNode node, int index, MarginMode defaultMargin) {
        String where = "markets[" + index + "]";
        if (node == null || !node.isObject()) {
            throw new MarketsConfigException(where + ": must be an object");
        }
        JsonFields f = new JsonFields((ObjectNode) node);
        try {
            f.onlyAllowed(SPEC_FIELDS);
            long id = f.requiredLong("market_id", 0);
            MarketSpec d = MarketSpec.defaults(id);
            String symbol = f.optionalString("symbol");
            int px = intField(f, "price_decimals", 0, 18, d.priceDecimals());
            int sz = intField(f, "size_decimals", 0, 18, d.sizeDecimals());
            long tick = f.optionalDecimal("tick_size", px, -1);
            long lot = f.optionalDecimal("lot_size", sz, -1);
            if (tick < 0) {
                tick = JsonFields.decimalFromText("tick_size", "0.01", px);
            }
            if (lot < 0) {
                lot = JsonFields.decimalFromText("lot_size", "0.0001", sz);
            }
            long min = f.optionalDecimal("min_size", sz, lot);
            long max = f.optionalDecimal("max_size", sz, -1);
            if (max < 0) {
                max = JsonFields.decimalFromText("max_size", "1000000", sz);
            }
            int band = intField(f, "price_band_bps", 0, 9_999, d.priceBandBps());
            int maker = intField(f, "maker_fee_bps", -1_000, 1_000, d.makerFeeBps());
            int taker = intField(f, "taker_fee_bps", 0, 1_000, d.takerFeeBps());
            int slippage = intField(f, "max_slippage_bps", 1, 9_999, d.maxSlippageBps());
            StpMode stp = f.optionalEnum("default_stp", CommandJson.WIRE_STP_MODE, d.defaultStp());
            return new MarketSpec(id, symbol == null ? d.symbol() : symbol, px, sz, tick, lot, min, max, band,
                    maker, taker, slippage, stp, risk(f, defaultMargin));
        } catch (JsonFields.Failure e) {
            throw new MarketsConfigException(where + "." + e.error().field() + ": " + e.error().message());
        } catch (IllegalArgumentException e) {
            throw new MarketsConfigException(where + ": " + e.getMessage());
        }
    }

    /**
     * The margin fields: {@code margin} (cross or none, default the caller's), {@code imr_bps},
     * {@code mmr_bps}, {@code max_leverage}, {@code default_leverage}, {@code liquidation_fee_bps},
     * {@code max_funding_rate} (a decimal: 0.01 is 1% per interval) and
     * {@code funding_interval_seconds}; absent ones take {@link #defaultRisk}'s values.
     */
    private static RiskSpec risk(JsonFields f, MarginMode defaultMargin) {
        RiskSpec d = defaultRisk(defaultMargin);
        String marginText = f.optionalString("margin");
        MarginMode margin;
        try {
            margin = marginText == null ? defaultMargin : MarginMode.parse(marginText);
        } catch (IllegalArgumentException e) {
            throw new JsonFields.Failure("margin", ParseErrorCode.INVALID_FIELD, "must be cross or none");
        }
        int imr = intField(f, "imr_bps", 1, 10_000, d.imrBps());
        int mmr = intField(f, "mmr_bps", 1, 9_999, d.mmrBps());
        int maxLeverage = intField(f, "max_leverage", 1, 1_000, d.maxLeverage());
        int defaultLeverage = intField(f, "default_leverage", 1, 1_000, Math.min(d.defaultLeverage(), maxLeverage));
        int liquidationFee = intField(f, "liquidation_fee_bps", 0, 9_999, d.liquidationFeeBps());
        long maxFunding = f.optionalDecimal("max_funding_rate", 8, d.maxFundingRate());
        long interval = f.optionalLong("funding_interval_seconds", 1, d.fundingIntervalSeconds());
        return new RiskSpec(margin, imr, mmr, maxLeverage, defaultLeverage, liquidationFee, maxFunding, interval);
    }

    private static int intField(JsonFields f, String field, int min, int max, int absent) {
        if (!f.present(field)) {
            return absent;
        }
        long v = f.optionalLong(field, Long.MIN_VALUE, absent);
        if (v < min || v > max) {
            throw new JsonFields.Failure(field, io.hyperperp.server.json.ParseErrorCode.INVALID_FIELD,
                    "must be in [" + min + ", " + max + "]");
        }
        return (int) v;
    }
}
