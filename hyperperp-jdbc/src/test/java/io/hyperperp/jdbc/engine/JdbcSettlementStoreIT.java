package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The settlement store over trades written by the commit hook: unbatched, save, split, submission, queries. */
@ExtendWith(FreshDatabase.class)
class JdbcSettlementStoreIT {

    @Test
    void batchesLifecycle(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 4; i++) {
                engine.runtime().submit(PlaceOrder.limit(t + i, "0xma4e", 1, Side.SELL, 10_000 + 5L * i, 10_000));
            }
            engine.runtime().submit(PlaceOrder.limit(t + 10, "0x7a4e", 1, Side.BUY, 10_100, 40_000))
                    .get(30, TimeUnit.SECONDS);
            // The tables are written behind the log (the default): the trades are there once they caught up.
            assertThat(engine.awaitTables(10_000)).isTrue();
            // The engine's store resumes only trades from before its start (none): later ones come as groups.
            assertThat(engine.settlementStore().unbatched()).isEmpty();
            JdbcSettlementStore store = new JdbcSettlementStore(engine.jdbi());

            List<SettlementFill> fills = store.unbatched();
            assertThat(fills).extracting(SettlementFill::tradeId).containsExactly(1L, 2L, 3L, 4L);
            assertThat(fills.get(1)).isEqualTo(new SettlementFill(2, "0x7a4e", "0xma4e", 1, 10_000,
                    10_005_000_000L, 5, 1_700_000_000L, Side.BUY));
            store.addUnbatched(fills); // no-op
            assertThat(store.lastBatchId()).isZero();

            SettlementBatch batch = new SettlementBatch(1, 1, fills, 1_700_000_000L, 9_000_000_000L,
                    11_000_000_000L, 1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000);
            store.save(batch);
            assertThat(store.unbatched()).isEmpty();
            assertThat(store.find(1)).contains(batch);
            assertThat(store.unfinished()).containsExactly(batch);
            assertThat(store.batchOf(3)).isEqualTo(1);

            Submission tx = new Submission("0xabc", 7, 1_700_000_100L, new byte[] {1, 2, 3});
            store.recordSubmission(1, tx, 2_000);
            SettlementBatch submitted = batch.withSubmission(tx, 2_000);
            assertThat(store.find(1)).contains(submitted);
            assertThatThrownBy(() -> store.recordSubmission(99, tx, 2_000)).isInstanceOf(IllegalStateException.class);

            SettlementBatch failed = submitted.withAttempt("E_X", 2_500).withStatus(BatchStatus.FAILED, "E_X", 2_600);
            SettlementBatch parent = failed.withStatus(BatchStatus.SPLIT, "split", 3_000);
            SettlementBatch left = new SettlementBatch(2, 1, fills.subList(0, 2), 1_700_000_001L, 1, 20_000_000_000L,
                    1_700_000_301L, BatchStatus.PENDING, 0, null, null, 1, 3_000, 3_000);
            SettlementBatch right = new SettlementBatch(3, 1, fills.subList(2, 4), 1_700_000_001L, 1,
                    20_000_000_000L, 1_700_000_301L, BatchStatus.PENDING, 0, null, null, 1, 3_000, 3_000);
            store.saveSplit(parent, List.of(left, right));
            assertThat(store.find(1)).contains(parent);
            assertThat(store.find(1).orElseThrow().fills()).hasSize(4); // a split parent keeps its fills
            assertThat(store.batchOf(1)).isEqualTo(2);
            assertThat(store.batchOf(4)).isEqualTo(3);
            assertThat(store.unfinished()).containsExactly(left, right);
            store.save(right.withStatus(BatchStatus.CONFIRMED, null, 4_000));
            assertThat(store.unfinished()).containsExactly(left);
            assertThat(store.list(null, 10)).extracting(SettlementBatch::batchId).containsExactly(3L, 2L, 1L);
            assertThat(store.list(BatchStatus.PENDING, 10)).containsExactly(left);
            assertThat(store.list(null, 1)).extracting(SettlementBatch::batchId).containsExactly(3L);
            assertThat(store.lastBatchId()).isEqualTo(3);
            assertThat(store.unbatched()).isEmpty();

            // A status change of a batch the store does not have (an operator's doing, say) writes it whole, with its
            // fills, as a first save does.
            SettlementBatch unknown = new SettlementBatch(4, 1, fills.subList(0, 1), 1_700_000_002L, 1, 20_000_000_000L,
                    1_700_000_302L, BatchStatus.FAILED, 1, null, "E_Y", 0, 5_000, 5_000);
            store.save(unknown);
            assertThat(store.find(4)).contains(unknown);
        }
    }

    /**
     * What the store's one-round-trip writes rest on: on a connection in auto-commit mode, the statements pgjdbc sends
     * in one request (up to one Sync) are one implicit transaction, so a failing later statement undoes an earlier one.
     */
    @Test
    void statementsOfOneRequestInAutoCommitAreOneTransaction(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            engine.jdbi().useHandle(h -> {
                java.sql.Connection c = h.getConnection();
                assertThat(c.getAutoCommit()).isTrue();
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_marks"
                        + " (market_id, batched_through) VALUES (?, 0);\nSELECT 1 / ?")) {
                    ps.setLong(1, 77);
                    ps.setInt(2, 0);
                    assertThatThrownBy(ps::execute).hasMessageContaining("division by zero");
                }
                assertThat(h.createQuery("SELECT count(*) FROM settlement_marks WHERE market_id = 77")
                        .mapTo(Long.class).one()).isZero();
            });
        }
    }
}
