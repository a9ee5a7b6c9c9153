package io.hyperperp.core.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySettlementStoreTest {

    private static SettlementBatch pending(long batchId, long firstTrade, int fills) {
        return new SettlementBatch(batchId, 1, Fills.range(firstTrade, fills, 1), 1, 1, 1, 100, BatchStatus.PENDING,
                0, null, null, 0, 0, 0);
    }

    private static SettlementBatch confirmed(SettlementBatch b) {
        return b.withStatus(BatchStatus.CONFIRMED, null, 1);
    }

    @Test
    void unboundedKeepsEveryConfirmedBatch() {
        InMemorySettlementStore store = new InMemorySettlementStore();
        for (long id = 1; id <= 50; id++) {
            store.save(confirmed(pending(id, id * 10, 10)));
        }
        for (long id = 1; id <= 50; id++) {
            assertTrue(store.find(id).isPresent(), "batch " + id);
            assertEquals(id, store.batchOf(id * 10));
        }
    }

    @Test
    void boundedForgetsTheOldestConfirmedBatchesAndTheirTrades() {
        InMemorySettlementStore store = new InMemorySettlementStore(30);
        for (long id = 1; id <= 100; id++) {
            SettlementBatch b = pending(id, id * 10, 10);
            store.save(b);
            store.save(confirmed(b));
        }
        // 30 fills in confirmed batches of 10: the latest three stay.
        for (long id = 1; id <= 97; id++) {
            assertTrue(store.find(id).isEmpty(), "batch " + id + " should be forgotten");
            assertEquals(0, store.batchOf(id * 10));
        }
        for (long id = 98; id <= 100; id++) {
            assertEquals(BatchStatus.CONFIRMED, store.find(id).orElseThrow().status());
            assertEquals(id, store.batchOf(id * 10 + 9));
        }
        assertEquals(100, store.lastBatchId());
        assertEquals(List.of(100L, 99L, 98L),
                store.list(null, 10).stream().map(SettlementBatch::batchId).toList());
    }

    @Test
    void batchesThatAreNotFinalStayWhateverTheBound() {
        InMemorySettlementStore store = new InMemorySettlementStore(10);
        store.save(pending(1, 10, 10));
        store.save(pending(2, 20, 10).withStatus(BatchStatus.FAILED, "no", 1));
        store.save(pending(3, 30, 10).withStatus(BatchStatus.HELD, "far", 1));
        for (long id = 4; id <= 40; id++) {
            store.save(confirmed(pending(id, id * 10, 10)));
        }
        assertEquals(List.of(1L, 2L, 3L), store.unfinished().stream().map(SettlementBatch::batchId).toList());
        assertEquals(1, store.batchOf(10));
        assertTrue(store.find(39).isEmpty());
        assertTrue(store.find(40).isPresent());
        // A batch confirmed late counts from its confirmation: it is the newest final one.
        store.save(confirmed(store.find(1).orElseThrow()));
        assertTrue(store.find(1).isPresent());
        assertTrue(store.find(40).isEmpty());
        // Saving a final batch again (an update of the same state) does not count it twice.
        store.save(store.find(1).orElseThrow().withStatus(BatchStatus.CONFIRMED, null, 2));
        assertTrue(store.find(1).isPresent());
    }

    @Test
    void aForgottenSplitParentLeavesItsChildrensTrades() {
        InMemorySettlementStore store = new InMemorySettlementStore(10);
        SettlementBatch parent = pending(1, 100, 10);
        store.save(parent);
        SettlementBatch left = pending(2, 100, 5);
        SettlementBatch right = new SettlementBatch(3, 1, Fills.range(105, 5, 1), 1, 1, 1, 100,
                BatchStatus.PENDING, 0, null, null, 1, 0, 0);
        store.saveSplit(parent.withStatus(BatchStatus.SPLIT, "split", 1), List.of(left, right));
        // The split parent holds 10 fills, the bound: the first confirmed child pushes it out.
        store.save(confirmed(left));
        assertTrue(store.find(1).isEmpty());
        assertEquals(2, store.batchOf(100));
        assertEquals(3, store.batchOf(105));
        assertEquals(BatchStatus.PENDING, store.find(3).orElseThrow().status());
    }

    @Test
    void aFinalBatchReadsBackTheFillsItWasSavedWith() {
        InMemorySettlementStore store = new InMemorySettlementStore(1_000);
        List<SettlementFill> fills = List.of(
                new SettlementFill(7, "0xaa", "0xbb", 3, 5, Fills.ONE * 2, 4, 1_700_000_000L, Side.BUY),
                new SettlementFill(8, "0xbb", "0xcc", 3, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0, Side.SELL));
        SettlementBatch batch = new SettlementBatch(1, 3, fills, 1, 1, 1, 100, BatchStatus.PENDING, 0, null, null,
                0, 0, 0);
        store.save(batch);
        SettlementBatch done = confirmed(batch);
        store.save(done);

        SettlementBatch kept = store.find(1).orElseThrow();
        assertEquals(done, kept);
        assertEquals(fills, kept.fills());
        assertEquals(fills.hashCode(), kept.fills().hashCode());
        assertEquals(1, store.batchOf(8));
        assertTrue(kept.fills() instanceof PackedFills, "a final batch is kept packed");
        // a later change of the kept batch keeps its fills as they were
        assertEquals(fills, kept.withAttempt("again", 2).fills());
        assertThrows(IndexOutOfBoundsException.class, () -> kept.fills().get(2));
        assertThrows(UnsupportedOperationException.class, () -> kept.fills().set(0, fills.get(1)));
    }

    @Test
    void refusesANegativeBound() {
        assertThrows(IllegalArgumentException.class, () -> new InMemorySettlementStore(-1));
    }
}
