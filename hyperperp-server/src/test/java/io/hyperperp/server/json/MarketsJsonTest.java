package io.hyperperp.server.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import org.junit.jupiter.api.Test;

class MarketsJsonTest {

    @Test
    void readsSpecsWithDefaults() {
        MarketRegistry r = MarketsJson.parse("{\"allow_unknown_markets\":false,\"markets\":[{\"market_id\":2,"
                + "\"symbol\":\"ETH-USD\",\"price_decimals\":2,\"size_decimals\":3,\"tick_size\":\"0.05\","
                + "\"lot_size\":\"0.001\",\"max_size\":\"500\",\"taker_fee_bps\":7,\"default_stp\":\"cancel_taker\"},"
                + "{\"market_id\":3}]}");
        assertThat(r.strict()).isTrue();
        MarketSpec eth = r.find(2).orElseThrow();
        assertThat(eth.tickSize()).isEqualTo(5);
        assertThat(eth.lotSize()).isEqualTo(1);
        assertThat(eth.minSize()).isEqualTo(1);
        assertThat(eth.maxSize()).isEqualTo(500_000);
        assertThat(eth.takerFeeBps()).isEqualTo(7);
        assertThat(eth.defaultStp()).isEqualTo(StpMode.CANCEL_TAKER);
        assertThat(r.find(3).orElseThrow()).isEqualTo(MarketSpec.defaults(3));
        assertThat(r.find(4)).isEmpty();
    }

    @Test
    void acceptsABareArrayAndAllowsUnknownMarketsByDefault() {
        MarketRegistry r = MarketsJson.parse("[{\"market_id\":1,\"symbol\":\"BTC-USD\"}]");
        assertThat(r.strict()).isFalse();
        assertThat(r.find(1).orElseThrow().symbol()).isEqualTo("BTC-USD");
        assertThat(r.find(9)).isPresent();
    }

    @Test
    void readsTheBoundOnUnknownMarketsAndRefusesASymbolWithAFormatCharacter() {
        assertThat(MarketsJson.parse("{\"markets\":[]}").maxUnknownMarkets()).isEqualTo(256);
        assertThat(MarketsJson.parse("{\"max_unknown_markets\":3,\"markets\":[]}").maxUnknownMarkets()).isEqualTo(3);
        assertThatThrownBy(() -> MarketsJson.parse("{\"max_unknown_markets\":-1,\"markets\":[]}"))
                .hasMessageContaining("max_unknown_markets");
        assertThatThrownBy(() -> MarketsJson.parse("[{\"market_id\":1,\"symbol\":\"BTC\u202e-USD\"}]"))
                .hasMessageContaining("format character");
    }

    @Test
    void readsTheCollateralDecimals() {
        assertThat(MarketsJson.parse("{\"markets\":[]}").collateralDecimals()).isEqualTo(6);
        assertThat(MarketsJson.parse("{\"collateral_decimals\":2,\"markets\":[]}").collateralDecimals()).isEqualTo(2);
        assertThatThrownBy(() -> MarketsJson.parse("{\"collateral_decimals\":19,\"markets\":[]}"))
                .hasMessageContaining("collateral_decimals");
    }

    @Test
    void reportsTheOffendingField() {
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"tick\":\"1\"}]}"))
                .hasMessageContaining("markets[0].tick");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"price_decimals\":2,\"tick_size\":\"0.001\"}]}"))
                .hasMessageContaining("tick_size").hasMessageContaining("decimal");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1},{\"market_id\":1}]}"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"taker_fee_bps\":5000}]}"))
                .hasMessageContaining("taker_fee_bps");
        assertThatThrownBy(() -> MarketsJson.parse("not json")).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[")).hasMessageContaining("malformed JSON")
                .hasMessageContaining("line: 1, column: 12").hasMessageNotContaining("Source:");
        assertThatThrownBy(() -> MarketsJson.parse("{\"market\":[]}")).hasMessageContaining("market");
    }

    @Test
    void readsTheMarginFields() {
        MarketRegistry r = MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"margin\":\"cross\",\"imr_bps\":100,"
                + "\"mmr_bps\":50,\"max_leverage\":50,\"default_leverage\":20,\"liquidation_fee_bps\":25,"
                + "\"max_funding_rate\":\"0.005\",\"funding_interval_seconds\":28800},{\"market_id\":2}]}");
        io.hyperperp.core.risk.RiskSpec risk = r.find(1).orElseThrow().risk();
        assertThat(risk).isEqualTo(new io.hyperperp.core.risk.RiskSpec(io.hyperperp.core.risk.MarginMode.CROSS, 100, 50,
                50, 20, 25, 500_000L, 28_800));
        assertThat(r.find(2).orElseThrow().margined()).isFalse();
        assertThat(r.withMargin(io.hyperperp.core.risk.MarginMode.CROSS).find(2).orElseThrow().margined()).isTrue();
        assertThat(r.withMargin(io.hyperperp.core.risk.MarginMode.CROSS).find(77).orElseThrow().margined()).isTrue();
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"margin\":\"isolated\"}]}"))
                .hasMessageContaining("margin");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"imr_bps\":100,\"mmr_bps\":100}]}"))
                .hasMessageContaining("mmr_bps");
        assertThatThrownBy(() -> MarketsJson.parse("{\"markets\":[{\"market_id\":1,\"max_leverage\":40,"
                + "\"mmr_bps\":300}]}")).hasMessageContaining("max_leverage");
    }
}
