package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an L2 book in the {@code /orderbook} shape: {@code market_id}, {@code bids} (best first,
 * highest price) and {@code asks} (best first, lowest price), each level
 * {@code {"price", "size", "order_count"}} with decimal strings. Thread-safe.
 */
public final class BookJson {

    private final MarketDecimals decimals;
    private final JsonFactory factory = JsonFactories.shared();

    /** A writer that formats numbers with the decimals of the markets in {@code markets}. */
    public BookJson(MarketRegistry markets) {
        this.decimals = new MarketDecimals(markets);
    }

    /** The book as a JSON string. */
    public String toJson(BookDepth book) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(book, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the book as one JSON object. */
    public void write(BookDepth book, JsonGenerator g) throws IOException {
        MarketSpec spec = decimals.spec(book.marketId());
        g.writeStartObject();
        g.writeNumberField("market_id", book.marketId());
        writeSide("bids", book.bids(), spec, g);
        writeSide("asks", book.asks(), spec, g);
        g.writeEndObject();
    }

    private static void writeSide(String name, List<DepthLevel> levels, MarketSpec spec, JsonGenerator g)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (DepthLevel level : levels) {
            g.writeStartObject();
            g.writeStringField("price", Decimals.format(level.price(), spec.priceDecimals()));
            g.writeStringField("size", Decimals.format(level.size(), spec.sizeDecimals()));
            g.writeNumberField("order_count", level.orderCount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
