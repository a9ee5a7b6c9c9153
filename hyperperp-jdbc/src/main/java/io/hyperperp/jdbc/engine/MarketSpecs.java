package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.WireNames;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSpec;
import io.hyperperp.jdbc.internal.Json;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code markets.spec} JSON: every {@link MarketSpec} field, scaled integers, wire-name STP. */
final class MarketSpecs {

    /** Selects the spec fields as columns named {@code s_*} (append to a SELECT list over {@code markets}). */
    static final String COLUMNS = "market_id, symbol, price_decimals, size_decimals,"
            + " (spec->>'tick_size')::bigint AS s_tick, (spec->>'lot_size')::bigint AS s_lot,"
            + " (spec->>'min_size')::bigint AS s_min, (spec->>'max_size')::bigint AS s_max,"
            + " (spec->>'price_band_bps')::int AS s_band, (spec->>'maker_fee_bps')::int AS s_maker,"
            + " (spec->>'taker_fee_bps')::int AS s_taker, (spec->>'max_slippage_bps')::int AS s_slippage,"
            + " spec->>'default_stp' AS s_stp, spec->'risk'->>'margin' AS r_margin,"
            + " (spec->'risk'->>'imr_bps')::int AS r_imr, (spec->'risk'->>'mmr_bps')::int AS r_mmr,"
            + " (spec->'risk'->>'max_leverage')::int AS r_max_leverage,"
            + " (spec->'risk'->>'default_leverage')::int AS r_default_leverage,"
            + " (spec->'risk'->>'liquidation_fee_bps')::int AS r_liquidation_fee,"
            + " (spec->'risk'->>'max_funding_rate')::bigint AS r_max_funding,"
            + " (spec->'risk'->>'funding_interval_seconds')::bigint AS r_funding_interval";

    private MarketSpecs() {
    }

    static String toJson(MarketSpec s) {
        return new Json()
                .field("market_id", s.marketId())
                .field("symbol", s.symbol())
                .field("price_decimals", s.priceDecimals())
                .field("size_decimals", s.sizeDecimals())
                .field("tick_size", s.tickSize())
                .field("lot_size", s.lotSize())
                .field("min_size", s.minSize())
                .field("max_size", s.maxSize())
                .field("price_band_bps", s.priceBandBps())
                .field("maker_fee_bps", s.makerFeeBps())
                .field("taker_fee_bps", s.takerFeeBps())
                .field("max_slippage_bps", s.maxSlippageBps())
                .field("default_stp", s.defaultStp().wireName())
                .raw("risk", riskJson(s.risk()))
                .end();
    }

    private static String riskJson(RiskSpec r) {
        return new Json()
                .field("margin", r.margin().wireName())
                .field("imr_bps", r.imrBps())
                .field("mmr_bps", r.mmrBps())
                .field("max_leverage", r.maxLeverage())
                .field("default_leverage", r.defaultLeverage())
                .field("liquidation_fee_bps", r.liquidationFeeBps())
                .field("max_funding_rate", r.maxFundingRate())
                .field("funding_interval_seconds", r.fundingIntervalSeconds())
                .end();
    }

    /** The stored risk settings; a spec stored before margin existed (no {@code risk}) has none. */
    private static RiskSpec risk(ResultSet rs) throws SQLException {
        String margin = rs.getString("r_margin");
        if (margin == null) {
            return RiskSpec.NONE;
        }
        return new RiskSpec(MarginMode.parse(margin), rs.getInt("r_imr"), rs.getInt("r_mmr"),
                rs.getInt("r_max_leverage"), rs.getInt("r_default_leverage"), rs.getInt("r_liquidation_fee"),
                rs.getLong("r_max_funding"), rs.getLong("r_funding_interval"));
    }

    /**
     * @return the spec stored in a row selected with {@link #COLUMNS}, or {@code null} if the row has no complete
     *         spec (a row written by hand)
     */
    static MarketSpec fromRow(ResultSet rs) throws SQLException {
        String stp = rs.getString("s_stp");
        rs.getLong("s_tick");
        if (rs.wasNull() || stp == null) {
            return null;
        }
        StpMode mode = WireNames.parse(StpMode.class, stp);
        return new MarketSpec(rs.getLong("market_id"), rs.getString("symbol"), rs.getInt("price_decimals"),
                rs.getInt("size_decimals"), rs.getLong("s_tick"), rs.getLong("s_lot"), rs.getLong("s_min"),
                rs.getLong("s_max"), rs.getInt("s_band"), rs.getInt("s_maker"), rs.getInt("s_taker"),
                rs.getInt("s_slippage"), mode, risk(rs));
    }
}
