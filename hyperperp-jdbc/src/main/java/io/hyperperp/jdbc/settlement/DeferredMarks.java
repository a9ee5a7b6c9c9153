package io.hyperperp.jdbc.settlement;

import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * With the state tables written behind the command log ({@code persistence.tables = behind}), the sealed batches
 * whose market mark must wait: a batch is sealed from committed groups, whose trades the table writer may not have
 * written yet, and the mark's advance reads {@code trades} (it moves only over a batch that provably continues the
 * market's batched trades). Such a batch is saved without the advance and kept here; once the tables hold its last
 * trade, the store's next save advances the marks that are due, oldest first, as the batches were saved. Only in
 * memory: a mark lost to a restart lags, which is safe (the resume reads more trades and catches it up).
 */
final class DeferredMarks {

    /** A saved batch's mark advance: its market and trades. */
    record Mark(long marketId, long[] trades, long lastTrade) {
    }

    private final LongSupplier lastTradeInTables;
    private final ArrayDeque<Mark> waiting = new ArrayDeque<>();

    /** @param lastTradeInTables the last trade number the state tables hold */
    DeferredMarks(LongSupplier lastTradeInTables) {
        this.lastTradeInTables = Objects.requireNonNull(lastTradeInTables, "lastTradeInTables");
    }

    /**
     * @return whether {@code batch}'s mark advance must wait for the tables: a sealed batch (the save that
     *         advances a mark) whose trades are past them
     */
    boolean mustWait(SettlementBatch batch) {
        return (batch.status() == BatchStatus.PENDING || batch.status() == BatchStatus.HELD)
                && !batch.fills().isEmpty()
                && lastTrade(batch) > lastTradeInTables.getAsLong();
    }

    /** Keeps the mark advance of {@code batch}, saved without it. */
    synchronized void keep(SettlementBatch batch) {
        long[] trades = batch.fills().stream().mapToLong(SettlementFill::tradeId).toArray();
        waiting.add(new Mark(batch.marketId(), trades, lastTrade(batch)));
    }

    /** @return the kept advances whose trades the tables hold now, oldest first, no longer kept */
    synchronized List<Mark> due() {
        List<Mark> due = new ArrayList<>();
        long inTables = lastTradeInTables.getAsLong();
        while (!waiting.isEmpty() && waiting.peek().lastTrade() <= inTables) {
            due.add(waiting.poll());
        }
        return due;
    }

    /**
     * Folds the advances of one market into one, in the order the markets first appear: the advance moves a mark
     * over the union of the batches' trades when the union continues the market's batched trades, which consecutive
     * sealed batches of a market do (the batcher seals a market's fills in trade order). One advance per market and
     * save, not one per batch (docs/benchmarks.md, "Session 20: PostgreSQL, the tables and the settlement store").
     * Batches that do not continue each other (a gap: a save that failed and came later) leave the mark where it
     * was, as their own advances would from the gap on; a lagging mark is safe.
     *
     * @param due advances, oldest first
     * @return one advance per market
     */
    static List<Mark> byMarket(List<Mark> due) {
        Map<Long, List<Mark>> markets = new LinkedHashMap<>();
        for (Mark m : due) {
            markets.computeIfAbsent(m.marketId(), k -> new ArrayList<>()).add(m);
        }
        List<Mark> out = new ArrayList<>(markets.size());
        for (List<Mark> marks : markets.values()) {
            if (marks.size() == 1) {
                out.add(marks.get(0));
                continue;
            }
            int n = 0;
            long last = 0;
            for (Mark m : marks) {
                n += m.trades().length;
                last = Math.max(last, m.lastTrade());
            }
            long[] trades = new long[n];
            int at = 0;
            for (Mark m : marks) {
                System.arraycopy(m.trades(), 0, trades, at, m.trades().length);
                at += m.trades().length;
            }
            out.add(new Mark(marks.get(0).marketId(), trades, last));
        }
        return out;
    }

    private static long lastTrade(SettlementBatch batch) {
        long last = 0;
        for (SettlementFill f : batch.fills()) {
            last = Math.max(last, f.tradeId());
        }
        return last;
    }
}
