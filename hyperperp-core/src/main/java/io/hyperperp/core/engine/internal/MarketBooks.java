package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.util.Optional;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The engine's order books by market id: each opened on first use from the market registry, and
 * the markets opened for ids that are not configured counted against the registry's bound
 * ({@link MarketRegistry#maxUnknownMarkets}). Books are never closed.
 */
final class MarketBooks {

    private final MarketRegistry markets;
    private final LevelPool levelPool;
    private final int collateralDecimals;
    private final LongObjectHashMap<OrderBook> books = new LongObjectHashMap<>();
    /** Books opened for market ids that are not configured: bounded by {@link MarketRegistry#maxUnknownMarkets}. */
    private int unknownMarketsOpened;
    /** The book {@link #book} found last (books are never closed, so it cannot go stale). */
    private OrderBook lastBook;

    MarketBooks(MarketRegistry markets, LevelPool levelPool, int collateralDecimals) {
        this.markets = markets;
        this.levelPool = levelPool;
        this.collateralDecimals = collateralDecimals;
    }

    /**
     * The book of a market, opened on first use, or null if the market is unknown or is not configured
     * and the markets opened for unknown ids reached their bound ({@link #missingBookReason} tells which).
     */
    OrderBook book(long marketId) {
        // Consecutive orders mostly name the same market: one compare instead of a hash lookup.
        OrderBook book = lastBook;
        if (book != null && book.marketId == marketId) {
            return book;
        }
        book = books.get(marketId);
        if (book != null) {
            lastBook = book;
            return book;
        }
        Optional<MarketSpec> spec = markets.find(marketId);
        if (spec.isEmpty()
                || unknownMarketsOpened >= markets.maxUnknownMarkets() && !markets.isConfigured(marketId)) {
            return null;
        }
        return open(spec.get());
    }

    /** Why {@link #book} gave no book for {@code marketId}: only called on that rejection path. */
    RejectReason missingBookReason(long marketId) {
        return markets.find(marketId).isPresent() ? RejectReason.TOO_MANY_MARKETS : RejectReason.UNKNOWN_MARKET;
    }

    /**
     * Opens a book, counting it against the bound when its id is not configured; a restored image opens its books
     * here too, so the count after a restore is the count before the snapshot (even above a bound since lowered).
     */
    OrderBook open(MarketSpec spec) {
        if (!markets.isConfigured(spec.marketId())) {
            unknownMarketsOpened++;
        }
        OrderBook book = new OrderBook(spec, levelPool, FixedPoint.powerOfTen(spec.sizeDecimals()), collateralDecimals);
        books.put(spec.marketId(), book);
        return book;
    }

    /** The book of a market if it was opened, else null. */
    OrderBook existing(long marketId) {
        return books.get(marketId);
    }

    /** All opened books by market id. */
    LongObjectHashMap<OrderBook> all() {
        return books;
    }
}
