package io.hyperperp.server.backend.internal;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.Side;
import io.hyperperp.server.backend.TradeRecord;

/**
 * The trades the in-memory history keeps, in primitive columns instead of a {@link TradeRecord} per trade (which
 * outlived its young collection, so each young pause copied the trades since the last one). A trade is in a row from
 * {@link #add} until the last list that holds its row (its market's, its taker's and its maker's latest trades)
 * {@link #release releases} it; the row then serves the next trade.
 *
 * <p>Not thread-safe: the history serialises its callers.
 */
public final class TradeTable {

    private static final int TRADE_ID = 0;
    private static final int SEQUENCE = 1;
    private static final int TIMESTAMP = 2;
    private static final int MARKET = 3;
    private static final int PRICE = 4;
    private static final int SIZE = 5;
    private static final int TAKER_ORDER = 6;
    private static final int MAKER_ORDER = 7;
    private static final int TAKER_FEE = 8;
    private static final int MAKER_FEE = 9;
    /** The taker's user number in the high half, the maker's in the low half. */
    private static final int USERS = 10;
    /** How many lists hold the row, shifted left by one; the taker's side in the lowest bit. */
    private static final int HOLDERS = 11;

    private static final Side[] SIDES = Side.values();

    private final Names users;
    private final LongColumns columns = new LongColumns(12);
    private int size;

    /** A table whose user addresses are numbered by {@code users}. */
    public TradeTable(Names users) {
        this.users = users;
    }

    /** Keeps the trade of {@code fill}; its row is held by no list yet. */
    public int add(EngineEvent.Fill fill) {
        int row = columns.allocate();
        columns.set(row, TRADE_ID, fill.tradeId());
        columns.set(row, SEQUENCE, fill.sequence());
        columns.set(row, TIMESTAMP, fill.timestamp());
        columns.set(row, MARKET, fill.marketId());
        columns.set(row, PRICE, fill.price());
        columns.set(row, SIZE, fill.size());
        columns.set(row, TAKER_ORDER, fill.taker().orderId());
        columns.set(row, MAKER_ORDER, fill.maker().orderId());
        columns.set(row, TAKER_FEE, fill.takerFee());
        columns.set(row, MAKER_FEE, fill.makerFee());
        columns.set(row, USERS, (long) users.number(fill.taker().userAddress()) << 32
                | users.number(fill.maker().userAddress()) & 0xFFFF_FFFFL);
        columns.set(row, HOLDERS, fill.takerSide().ordinal());
        size++;
        return row;
    }

    /** One more list holds {@code row}. */
    public void hold(int row) {
        columns.set(row, HOLDERS, columns.get(row, HOLDERS) + 2);
    }

    /** One list fewer holds {@code row}; with none left the trade is forgotten. */
    public void release(int row) {
        long holders = columns.get(row, HOLDERS) - 2;
        columns.set(row, HOLDERS, holders);
        if (holders >>> 1 == 0) {
            columns.free(row);
            size--;
        }
    }

    /** The trade in {@code row}. */
    public TradeRecord get(int row) {
        long u = columns.get(row, USERS);
        return new TradeRecord(columns.get(row, TRADE_ID), columns.get(row, SEQUENCE), columns.get(row, TIMESTAMP),
                columns.get(row, MARKET), columns.get(row, PRICE), columns.get(row, SIZE),
                SIDES[(int) columns.get(row, HOLDERS) & 1], columns.get(row, TAKER_ORDER),
                columns.get(row, MAKER_ORDER), users.name((int) (u >>> 32)), users.name((int) u),
                columns.get(row, TAKER_FEE), columns.get(row, MAKER_FEE));
    }

    /** The market of the trade in {@code row}. */
    public long marketId(int row) {
        return columns.get(row, MARKET);
    }

    /** The number of trades kept. */
    public int size() {
        return size;
    }
}
