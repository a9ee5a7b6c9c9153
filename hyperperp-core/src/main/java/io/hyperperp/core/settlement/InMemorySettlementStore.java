package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * A {@link SettlementStore} in memory, for embedders without a database and for tests. It survives
 * a batcher restart within the same process, which is what the resume logic needs. It keeps every
 * batch that is not final; final ones (confirmed, split) it keeps all of, or, when bounded, only the
 * latest ones holding about {@code maxFinalFills} fills, so that a server running in memory for days
 * does not keep every fill it ever settled (the garbage collector copies what lives, and its pauses
 * grew with it).
 */
public final class InMemorySettlementStore implements SettlementStore {

    private final LongObjectHashMap<SettlementFill> unbatched = new LongObjectHashMap<>();
    private final LongObjectHashMap<SettlementBatch> batches = new LongObjectHashMap<>();
    private final LongLongHashMap batchOfTrade = new LongLongHashMap();
    private final long maxFinalFills;
    /** Final batches by number, oldest first, while bounded: a ring that grows when full. */
    private long[] finalIds = new long[64];
    private int finalHead;
    private int finalCount;
    private long finalFills;
    private long lastBatchId;

    /** A store that keeps every batch for as long as it lives. */
    public InMemorySettlementStore() {
        this(Long.MAX_VALUE);
    }

    /**
     * A store that forgets the oldest final batches (and which batch their trades belonged to) once the
     * final batches it keeps hold more than {@code maxFinalFills} fills; batches that are not final stay.
     */
    public InMemorySettlementStore(long maxFinalFills) {
        if (maxFinalFills < 0) {
            throw new IllegalArgumentException("maxFinalFills must not be negative");
        }
        this.maxFinalFills = maxFinalFills;
    }

    @Override
    public synchronized void addUnbatched(List<SettlementFill> fills) {
        for (int i = 0, n = fills.size(); i < n; i++) {
            SettlementFill fill = fills.get(i);
            if (!batchOfTrade.containsKey(fill.tradeId())) {
                unbatched.put(fill.tradeId(), fill);
            }
        }
    }

    @Override
    public synchronized List<SettlementFill> unbatched() {
        List<SettlementFill> out = new ArrayList<>(unbatched.values());
        out.sort(Comparator.comparingLong(SettlementFill::tradeId));
        return out;
    }

    @Override
    public synchronized void save(SettlementBatch batch) {
        // A final batch stays for reading back until the bound forgets it: packed, it is a few arrays for the young
        // pauses to copy instead of an object per fill (PackedFills).
        SettlementBatch before = batches.put(batch.batchId(), batch.status().isFinal() ? batch.packed() : batch);
        lastBatchId = Math.max(lastBatchId, batch.batchId());
        if (batch.status().isFinal() && (before == null || !before.status().isFinal())) {
            becameFinal(batch);
        }
        if (batch.status() != BatchStatus.SPLIT) {
            List<SettlementFill> fills = batch.fills();
            for (int i = 0, n = fills.size(); i < n; i++) {
                long tradeId = fills.get(i).tradeId();
                if (!unbatched.isEmpty()) {
                    unbatched.remove(tradeId);
                }
                batchOfTrade.put(tradeId, batch.batchId());
            }
        }
    }

    @Override
    public synchronized void saveSplit(SettlementBatch parent, List<SettlementBatch> children) {
        if (parent.status() != BatchStatus.SPLIT) {
            throw new IllegalArgumentException("the parent of a split must be in state split");
        }
        SettlementBatch before = batches.put(parent.batchId(), parent.packed());
        lastBatchId = Math.max(lastBatchId, parent.batchId());
        for (SettlementBatch child : children) {
            save(child);
        }
        if (before == null || !before.status().isFinal()) {
            becameFinal(parent);
        }
    }

    /** Notes a batch that reached a final state and forgets the oldest final ones past the bound. */
    private void becameFinal(SettlementBatch batch) {
        if (maxFinalFills == Long.MAX_VALUE) {
            return;
        }
        if (finalCount == finalIds.length) {
            long[] grown = new long[finalIds.length * 2];
            for (int i = 0; i < finalCount; i++) {
                grown[i] = finalIds[(finalHead + i) % finalIds.length];
            }
            finalIds = grown;
            finalHead = 0;
        }
        finalIds[(finalHead + finalCount) % finalIds.length] = batch.batchId();
        finalCount++;
        finalFills += batch.fills().size();
        while (finalFills > maxFinalFills && finalCount > 0) {
            long oldest = finalIds[finalHead];
            finalHead = (finalHead + 1) % finalIds.length;
            finalCount--;
            forget(oldest);
        }
    }

    private void forget(long batchId) {
        SettlementBatch gone = batches.remove(batchId);
        if (gone == null) {
            return;
        }
        List<SettlementFill> fills = gone.fills();
        finalFills -= fills.size();
        for (int i = 0, n = fills.size(); i < n; i++) {
            long tradeId = fills instanceof PackedFills packed ? packed.tradeId(i) : fills.get(i).tradeId();
            // A split parent's fills belong to its children now: only this batch's own entries go.
            if (batchOfTrade.getIfAbsent(tradeId, 0L) == batchId) {
                batchOfTrade.remove(tradeId);
            }
        }
    }

    @Override
    public synchronized void recordSubmission(long batchId, Submission submission, long nowMs) {
        SettlementBatch batch = batches.get(batchId);
        if (batch == null) {
            throw new IllegalStateException("no settlement batch " + batchId);
        }
        if (batch.status().isFinal()) {
            throw new IllegalStateException("settlement batch " + batchId + " is " + batch.status().wireName()
                    + "; no transaction may be sent for it");
        }
        batches.put(batchId, batch.withSubmission(submission, nowMs));
    }

    @Override
    public synchronized Optional<SettlementBatch> find(long batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    @Override
    public synchronized List<SettlementBatch> list(BatchStatus status, int limit) {
        List<SettlementBatch> out = new ArrayList<>();
        batches.forEachValue(b -> {
            if (status == null || b.status() == status) {
                out.add(b);
            }
        });
        out.sort(Comparator.comparingLong(SettlementBatch::batchId).reversed());
        return out.size() > limit ? new ArrayList<>(out.subList(0, Math.max(limit, 0))) : out;
    }

    @Override
    public synchronized List<SettlementBatch> unfinished() {
        List<SettlementBatch> out = new ArrayList<>();
        batches.forEachValue(batch -> {
            if (!batch.status().isFinal()) {
                out.add(batch);
            }
        });
        out.sort(Comparator.comparingLong(SettlementBatch::batchId));
        return out;
    }

    @Override
    public synchronized long lastBatchId() {
        return lastBatchId;
    }

    /** The batch a trade is assigned to, or 0. */
    public synchronized long batchOf(long tradeId) {
        return batchOfTrade.getIfAbsent(tradeId, 0L);
    }
}
