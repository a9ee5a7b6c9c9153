package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SettlementStore} in memory, for embedders without a database and for tests. It survives
 * a batcher restart within the same process, which is what the resume logic needs.
 */
public final class InMemorySettlementStore implements SettlementStore {

    private final Map<Long, SettlementFill> unbatched = new LinkedHashMap<>();
    private final TreeMap<Long, SettlementBatch> batches = new TreeMap<>();
    private final Map<Long, Long> batchOfTrade = new LinkedHashMap<>();

    @Override
    public synchronized void addUnbatched(List<SettlementFill> fills) {
        for (SettlementFill fill : fills) {
            if (!batchOfTrade.containsKey(fill.tradeId())) {
                unbatched.put(fill.tradeId(), fill);
            }
        }
    }

    @Override
    public synchronized List<SettlementFill> unbatched() {
        return new ArrayList<>(unbatched.values());
    }

    @Override
    public synchronized void save(SettlementBatch batch) {
        batches.put(batch.batchId(), batch);
        if (batch.status() != BatchStatus.SPLIT) {
            for (SettlementFill fill : batch.fills()) {
                unbatched.remove(fill.tradeId());
                batchOfTrade.put(fill.tradeId(), batch.batchId());
            }
        }
    }

    @Override
    public synchronized void saveSplit(SettlementBatch parent, List<SettlementBatch> children) {
        batches.put(parent.batchId(), parent);
        for (SettlementBatch child : children) {
            save(child);
        }
    }

    @Override
    public synchronized void recordSubmission(long batchId, Submission submission, long nowMs) {
        SettlementBatch batch = batches.get(batchId);
        if (batch == null) {
            throw new IllegalStateException("no settlement batch " + batchId);
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
        for (SettlementBatch batch : batches.descendingMap().values()) {
            if (out.size() >= limit) {
                break;
            }
            if (status == null || batch.status() == status) {
                out.add(batch);
            }
        }
        return out;
    }

    @Override
    public synchronized List<SettlementBatch> unfinished() {
        List<SettlementBatch> out = new ArrayList<>();
        for (SettlementBatch batch : batches.values()) {
            if (!batch.status().isFinal()) {
                out.add(batch);
            }
        }
        out.sort(Comparator.comparingLong(SettlementBatch::batchId));
        return out;
    }

    @Override
    public synchronized long lastBatchId() {
        return batches.isEmpty() ? 0 : batches.lastKey();
    }

    /** The batch a trade is assigned to, or 0. */
    public synchronized long batchOf(long tradeId) {
        return batchOfTrade.getOrDefault(tradeId, 0L);
    }
}
