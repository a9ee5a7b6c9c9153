package io.hyperperp.server;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.json.JsonName;
import io.hyperperp.server.json.JsonOut;
import java.io.IOException;

/** A trade as the REST API writes it (a fill of an order's answer, a market's or a user's trades). */
final class TradeJson {

    // Made once: an order's answer writes these for every fill.
    private static final JsonName TRADE_ID = JsonName.of("trade_id");
    private static final JsonName SEQUENCE = JsonName.of("sequence");
    private static final JsonName TIMESTAMP = JsonName.of("timestamp");
    private static final JsonName MARKET_ID = JsonName.of("market_id");
    private static final JsonName PRICE = JsonName.of("price");
    private static final JsonName SIZE = JsonName.of("size");
    private static final JsonName TAKER_SIDE = JsonName.of("taker_side");
    private static final JsonName TAKER_ORDER_ID = JsonName.of("taker_order_id");
    private static final JsonName MAKER_ORDER_ID = JsonName.of("maker_order_id");
    private static final JsonName TAKER_USER_ADDRESS = JsonName.of("taker_user_address");
    private static final JsonName MAKER_USER_ADDRESS = JsonName.of("maker_user_address");
    private static final JsonName TAKER_FEE = JsonName.of("taker_fee");
    private static final JsonName MAKER_FEE = JsonName.of("maker_fee");

    private TradeJson() {
    }

    /** Writes the trade as one JSON object, amounts with the decimals of {@code spec}, its market. */
    static void write(TradeRecord t, MarketSpec spec, JsonOut g) throws IOException {
        int px = spec.priceDecimals();
        g.startObject();
        g.uuid(TRADE_ID, Ids.trade(t.tradeId()));
        g.number(SEQUENCE, t.sequence());
        g.number(TIMESTAMP, t.timestamp());
        g.number(MARKET_ID, t.marketId());
        g.decimal(PRICE, t.price(), px);
        g.decimal(SIZE, t.size(), spec.sizeDecimals());
        g.string(TAKER_SIDE, t.takerSide().wireName());
        g.uuid(TAKER_ORDER_ID, Ids.order(t.takerOrderId()));
        g.uuid(MAKER_ORDER_ID, Ids.order(t.makerOrderId()));
        g.string(TAKER_USER_ADDRESS, t.taker());
        g.string(MAKER_USER_ADDRESS, t.maker());
        g.decimal(TAKER_FEE, t.takerFee(), px);
        g.decimal(MAKER_FEE, t.makerFee(), px);
        g.endObject();
    }
}
