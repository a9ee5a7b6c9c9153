package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The settlement store's mark advance with the tables written behind the command log ({@link TablesMode#BEHIND}):
 * the batcher seals batches from committed groups, before the table writer (gathering for a minute here) has
 * written their trades; the advance, which reads {@code trades}, waits until the tables hold them and is made by
 * the next save (without that, every mark stayed at 0 while the writer was behind, and no later save moved it).
 */
@ExtendWith(FreshDatabase.class)
class SettlementMarksBehindIT {

    @Test
    void aMarkAdvancesOnceTheTablesHoldTheBatchsTrades(DatabaseConfig config) throws Exception {
        try (ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
             PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                     .tables(TablesMode.BEHIND).tableBatches(1_000, 60_000, 4_096)
                     .listenerFactory(store -> {
                         SettlementBatcher batcher = new SettlementBatcher(SettlementConfig.defaults()
                                 .withBatching(2, 60_000), TestMarkets.registry(), store,
                                 new LocalSettlementLedger(TestMarkets.registry()), scheduler, null, null);
                         batcher.start();
                         return batcher;
                     }).start()) {
            long t = 1_700_000_000_000_000L;
            cross(engine, t); // trades 1, 2: a full batch, saved while the writer gathers
            awaitSaved(engine, 1);
            assertThat(marks(engine)).as("the tables do not hold trades 1 and 2 yet: no mark").isEmpty();
            assertThat(engine.awaitTables(10_000)).isTrue();
            cross(engine, t + 10); // trades 3, 4: their batch's save advances the first batch's mark
            awaitSaved(engine, 2);
            awaitMarks(engine, "1 2");
            assertThat(engine.awaitTables(10_000)).isTrue();
            cross(engine, t + 20); // trades 5, 6
            awaitSaved(engine, 3);
            awaitMarks(engine, "1 4");
        }
    }

    /** Two resting sells in market 1, then one buy taking both: two trades. */
    private static void cross(PersistentEngine engine, long ts) throws Exception {
        for (int i = 0; i < 2; i++) {
            engine.runtime().submit(PlaceOrder.limit(ts + i, "0xma4e", 1, Side.SELL, 10_000, 10_000));
        }
        engine.runtime().submit(PlaceOrder.limit(ts + 2, "0x7a4e", 1, Side.BUY, 10_000, 20_000))
                .get(30, TimeUnit.SECONDS);
    }

    /** The mark advance follows the save that made it due: polls until the marks are {@code expected}. */
    private static void awaitMarks(PersistentEngine engine, String... expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!marks(engine).equals(List.of(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(marks(engine)).containsExactly(expected);
    }

    private static void awaitSaved(PersistentEngine engine, int sealed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Long.parseLong(GroupCommitIT.rows(engine.jdbi(), "SELECT count(*)::text FROM settlement_batches")
                .get(0)) < sealed) {
            assertThat(System.nanoTime()).as("%d batches sealed", sealed).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<String> marks(PersistentEngine engine) {
        return GroupCommitIT.rows(engine.jdbi(),
                "SELECT market_id || ' ' || batched_through FROM settlement_marks ORDER BY market_id");
    }
}
