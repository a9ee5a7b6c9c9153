package io.hyperperp.server.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.backend.TradeRecord;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Writes the seed's shapes: {@code Order}, {@code Trade}, {@code OrderBook} and markets, with
 * decimal strings in the market's decimals, RFC 3339 timestamps, {@code market_id} a JSON number,
 * AIP-40 addresses and the seed's enum cases.
 */
final class SeedJson {

    private final RouteSupport web;
    private final SeedOrderIds ids;

    SeedJson(RouteSupport web, SeedOrderIds ids) {
        this.web = web;
        this.ids = ids;
    }

    /**
     * {@code Order {id, user_address, market_id, side, order_type, size, price, filled_size, status,
     * created_at, updated_at, expires_at}}. The engine keeps no per-order update time on this path:
     * {@code updated_at} is the placement time.
     */
    void order(OrderView o, JsonGenerator g) throws IOException {
        MarketSpec spec = web.spec(o.marketId());
        g.writeStartObject();
        g.writeStringField("id", ids.display(o));
        g.writeStringField("user_address", SeedAddresses.aip40(o.userAddress()));
        g.writeNumberField("market_id", o.marketId());
        g.writeStringField("side", SeedWire.side(o.side()));
        g.writeStringField("order_type", SeedWire.orderType(o.orderType()));
        g.writeStringField("size", Decimals.format(o.size(), spec.sizeDecimals()));
        if (o.orderType() == OrderType.MARKET || o.price() == PlaceOrder.NO_PRICE) {
            // The seed's app shows "Market" for a null price; a market order's protection price stays internal.
            g.writeNullField("price");
        } else {
            g.writeStringField("price", Decimals.format(o.price(), spec.priceDecimals()));
        }
        g.writeStringField("filled_size", Decimals.format(o.filledSize(), spec.sizeDecimals()));
        g.writeStringField("status", SeedWire.status(o.status()));
        String created = SeedWire.time(o.createdAt());
        g.writeStringField("created_at", created);
        g.writeStringField("updated_at", created);
        if (o.expiresAt() == PlaceOrder.NO_EXPIRY) {
            g.writeNullField("expires_at");
        } else {
            g.writeStringField("expires_at", SeedWire.time(o.expiresAt()));
        }
        g.writeEndObject();
    }

    /**
     * {@code Trade {id, market_id, taker_order_id, maker_order_id, taker_address, maker_address, size,
     * price, side, created_at, settlement_batch_id}}; {@code side} is the taker's.
     */
    void trade(TradeRecord t, JsonGenerator g) throws IOException {
        MarketSpec spec = web.spec(t.marketId());
        g.writeStartObject();
        g.writeStringField("id", Ids.trade(t.tradeId()).toString());
        g.writeNumberField("market_id", t.marketId());
        g.writeStringField("taker_order_id", ids.display(t.takerOrderId()));
        g.writeStringField("maker_order_id", ids.display(t.makerOrderId()));
        g.writeStringField("taker_address", SeedAddresses.aip40(t.taker()));
        g.writeStringField("maker_address", SeedAddresses.aip40(t.maker()));
        g.writeStringField("size", Decimals.format(t.size(), spec.sizeDecimals()));
        g.writeStringField("price", Decimals.format(t.price(), spec.priceDecimals()));
        g.writeStringField("side", SeedWire.side(t.takerSide()));
        g.writeStringField("created_at", SeedWire.time(t.timestamp()));
        g.writeNullField("settlement_batch_id");
        g.writeEndObject();
    }

    /** {@code {orders: [...], total}} or {@code {trades: [...], total}}. */
    <T> void page(String name, List<T> items, long total, ItemWriter<T> writer, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart(name);
        for (T item : items) {
            writer.write(item, g);
        }
        g.writeEndArray();
        g.writeNumberField("total", total);
        g.writeEndObject();
    }

    /** {@code OrderBook {market_id, bids, asks, last_updated}}, best level first on both sides. */
    void book(BookDepth book, String lastUpdated, JsonGenerator g) throws IOException {
        MarketSpec spec = web.spec(book.marketId());
        g.writeStartObject();
        g.writeNumberField("market_id", book.marketId());
        RouteSupport.writeLevels("bids", book.bids(), spec, g);
        RouteSupport.writeLevels("asks", book.asks(), spec, g);
        g.writeStringField("last_updated", lastUpdated);
        g.writeEndObject();
    }

    /** {@code {market_id, symbol, base_token, quote_token}}; the symbol in the seed's {@code BASE/QUOTE} form. */
    void market(MarketSpec spec, JsonGenerator g) throws IOException {
        String[] parts = spec.symbol().split("[-/_]", 2);
        String base = parts[0].toUpperCase(Locale.ROOT);
        String quote = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
        g.writeStartObject();
        g.writeNumberField("market_id", spec.marketId());
        g.writeStringField("symbol", quote.isEmpty() ? base : base + "/" + quote);
        g.writeStringField("base_token", base);
        g.writeStringField("quote_token", quote);
        g.writeEndObject();
    }

    /** Writes one list item. */
    @FunctionalInterface
    interface ItemWriter<T> {
        void write(T item, JsonGenerator g) throws IOException;
    }
}
