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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The settlement store finds unbatched trades after each market's mark (V13) and saves batches without updating
 * a trade: marks move only over batches that continue a market's batched trades, and a resume catches up a mark
 * that lagged.
 */
@ExtendWith(FreshDatabase.class)
class SettlementMarksIT {

    @Test
    void resumeReadsEachMarketAfterItsMarkAndSavingNeverUpdatesTrades(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            long t = 1_700_000_000_000_000L;
            cross(engine, t, 1, 10_000, 10_000, 2); // trades 1, 2 in ETH
            cross(engine, t + 10, 3, 1_000_000, 1, 1); // trade 3 in SOL
            cross(engine, t + 20, 1, 10_000, 10_000, 2); // trades 4, 5 in ETH
            awaitTables(engine);
            JdbcSettlementStore store = new JdbcSettlementStore(engine.jdbi());
            List<SettlementFill> fills = store.unbatched();
            assertThat(fills).extracting(SettlementFill::tradeId).containsExactly(1L, 2L, 3L, 4L, 5L);
            List<String> tradeVersions = GroupCommitIT.rows(engine.jdbi(),
                    "SELECT trade_number || ' ' || xmin || ' ' || ctid FROM trades ORDER BY trade_number");

            // Out of trade order: ETH's mark stays, as trades 1 and 2 are not batched yet.
            store.save(batch(1, 1, fills.subList(3, 5)));
            assertThat(marks(engine)).containsExactly("1 0");
            assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(1L, 2L, 3L);
            store.save(batch(2, 1, fills.subList(0, 2)));
            assertThat(marks(engine)).containsExactly("1 2");
            assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(3L);
            store.save(batch(3, 3, fills.subList(2, 3)));
            assertThat(marks(engine)).containsExactly("1 2", "3 3");
            assertThat(store.unbatched()).isEmpty();
            assertThat(store.batchOf(1)).isEqualTo(2);
            assertThat(store.batchOf(3)).isEqualTo(3);
            assertThat(store.batchOf(5)).isEqualTo(1);
            assertThat(store.batchOf(6)).isZero();

            cross(engine, t + 30, 1, 10_000, 10_000, 1); // trade 6 in ETH
            awaitTables(engine);
            List<SettlementFill> later = store.unbatched();
            assertThat(later).extracting(SettlementFill::tradeId).containsExactly(6L);
            assertThat(marks(engine)).as("the resume caught ETH's mark up").containsExactly("1 5", "3 3");
            store.save(batch(4, 1, later));
            assertThat(marks(engine)).containsExactly("1 6", "3 3");
            assertThat(store.unbatched()).isEmpty();

            assertThat(GroupCommitIT.rows(engine.jdbi(), "SELECT trade_number || ' ' || xmin || ' ' || ctid"
                    + " FROM trades WHERE trade_number <= 5 ORDER BY trade_number"))
                    .as("saving batches left every trade's row version as the group commit wrote it")
                    .containsExactlyElementsOf(tradeVersions);
        }
    }

    /** {@code makers} resting sells of {@code size} at {@code price}, then one buy taking them all. */
    private static void cross(PersistentEngine engine, long ts, long market, long price, long size, int makers)
            throws Exception {
        for (int i = 0; i < makers; i++) {
            engine.runtime().submit(PlaceOrder.limit(ts + i, "0xma4e", market, Side.SELL, price, size));
        }
        engine.runtime().submit(PlaceOrder.limit(ts + makers, "0x7a4e", market, Side.BUY, price, size * makers))
                .get(30, TimeUnit.SECONDS);
    }

    /** The tables are written behind the log (the default): waits until they hold the acknowledged trades. */
    private static void awaitTables(PersistentEngine engine) throws InterruptedException {
        assertThat(engine.awaitTables(10_000)).isTrue();
    }

    private static SettlementBatch batch(long number, long market, List<SettlementFill> fills) {
        return new SettlementBatch(number, market, fills, 1_700_000_000L, 1, 20_000_000_000_000L, 1_700_000_300L,
                BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000);
    }

    private static List<String> marks(PersistentEngine engine) {
        return GroupCommitIT.rows(engine.jdbi(),
                "SELECT market_id || ' ' || batched_through FROM settlement_marks ORDER BY market_id");
    }
}
