package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.WireNames;
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
            + " spec->>'default_stp' AS s_stp";

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
                .end();
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
                rs.getInt("s_slippage"), mode);
    }
}
