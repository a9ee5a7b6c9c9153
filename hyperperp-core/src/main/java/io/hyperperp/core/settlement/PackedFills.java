package io.hyperperp.core.settlement;

import io.hyperperp.core.order.Side;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The fills of a settled batch in two arrays instead of one {@link SettlementFill} per fill: what
 * {@link InMemorySettlementStore} keeps of the final batches it holds for reading back. A store in memory keeps up
 * to {@code server.history_trades} fills for the whole run, so every fill it keeps survives the next young pause
 * and is copied by it: packed, a batch of 100 fills is three objects to copy instead of more than a hundred, and the
 * fill objects the batcher made die young. Reading gives equal {@link SettlementFill}s, made on each
 * {@link #get}; immutable.
 */
final class PackedFills extends AbstractList<SettlementFill> implements RandomAccess {

    private static final Side[] SIDES = Side.values();
    /** tradeId, marketId, size, priceX, feeBps, ts, takerSide's ordinal per fill. */
    private static final int WIDTH = 7;

    private final long[] numbers;
    /** taker, maker per fill: the fills' own strings, shared, not copied. */
    private final String[] parties;

    private PackedFills(long[] numbers, String[] parties) {
        this.numbers = numbers;
        this.parties = parties;
    }

    /** The fills packed, or {@code fills} itself when it is packed already. */
    static List<SettlementFill> of(List<SettlementFill> fills) {
        if (fills instanceof PackedFills) {
            return fills;
        }
        int n = fills.size();
        long[] numbers = new long[n * WIDTH];
        String[] parties = new String[n * 2];
        for (int i = 0; i < n; i++) {
            SettlementFill fill = fills.get(i);
            int at = i * WIDTH;
            numbers[at] = fill.tradeId();
            numbers[at + 1] = fill.marketId();
            numbers[at + 2] = fill.size();
            numbers[at + 3] = fill.priceX();
            numbers[at + 4] = fill.feeBps();
            numbers[at + 5] = fill.ts();
            numbers[at + 6] = fill.takerSide().ordinal();
            parties[i * 2] = fill.taker();
            parties[i * 2 + 1] = fill.maker();
        }
        return new PackedFills(numbers, parties);
    }

    /** The trade number of fill {@code index}, without making the fill. */
    long tradeId(int index) {
        return numbers[index * WIDTH];
    }

    @Override
    public SettlementFill get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int at = index * WIDTH;
        return new SettlementFill(numbers[at], parties[index * 2], parties[index * 2 + 1], numbers[at + 1],
                numbers[at + 2], numbers[at + 3], numbers[at + 4], numbers[at + 5], SIDES[(int) numbers[at + 6]]);
    }

    @Override
    public int size() {
        return parties.length / 2;
    }
}
