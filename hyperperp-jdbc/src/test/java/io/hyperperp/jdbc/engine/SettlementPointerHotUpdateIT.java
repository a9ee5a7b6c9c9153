package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pointing a batch's trades at it can be a HOT update (V13): no index of {@code trades} names
 * {@code settlement_batch_id}, so a small batch whose page has room rewrites no index entry (before V13 none was
 * HOT). Its own class: the database is per class.
 */
@ExtendWith(FreshDatabase.class)
class SettlementPointerHotUpdateIT {

    @Test
    void pointingTradesAtTheirBatchUpdatesThemInPlace(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 4; i++) {
                engine.runtime().submit(PlaceOrder.limit(t + i, "0xma4e", 1, Side.SELL, 10_000 + 5L * i, 10_000));
            }
            engine.runtime().submit(PlaceOrder.limit(t + 10, "0x7a4e", 1, Side.BUY, 10_100, 40_000))
                    .get(30, TimeUnit.SECONDS);
            JdbcSettlementStore store = new JdbcSettlementStore(engine.jdbi());
            List<SettlementFill> fills = store.unbatched();
            assertThat(fills).hasSize(4);
            store.save(new SettlementBatch(1, 1, fills, 1_700_000_000L, 9_000_000_000L, 11_000_000_000L,
                    1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000));
            assertThat(store.unbatched()).isEmpty();

            // The writing backend reports its statistics within about ten seconds of going idle.
            String stats = "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'trades'";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<String, Object> updates = engine.jdbi().withHandle(h -> h.createQuery(stats).mapToMap().one());
            while (((Number) updates.get("n_tup_upd")).longValue() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                updates = engine.jdbi().withHandle(h -> h.createQuery(stats).mapToMap().one());
            }
            assertThat(updates).as("every pointer update of trades is HOT (heap-only: no index entries)")
                    .containsEntry("n_tup_upd", 4L).containsEntry("n_tup_hot_upd", 4L);
        }
    }
}
