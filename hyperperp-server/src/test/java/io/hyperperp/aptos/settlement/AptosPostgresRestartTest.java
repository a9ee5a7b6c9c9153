package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's restart guarantee with the durable state in PostgreSQL: trades in the database,
 * batches and recorded transactions in the JDBC settlement store, the sink "crashes" with
 * transactions in flight under injected faults, and a new batcher and sink over a new store on the
 * same database resume them by hash. Every fill is applied on chain exactly once.
 */
class AptosPostgresRestartTest {

    private static final int TRADES = 1_200;

    /** Trades 1..N as the group commit would have written them, matching {@link SinkFixture#fill}. */
    private static void insertTrades(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals, spec)"
                    + " VALUES (1, 'TEST-1', 8, 0, '{}'::jsonb)");
            var batch = h.prepareBatch("INSERT INTO trades (id, trade_number, sequence, market_id, taker_order_id,"
                    + " maker_order_id, taker_address, maker_address, taker_side, price, size, taker_fee, maker_fee,"
                    + " engine_timestamp_us, price_x, fee_bps) VALUES (:id::uuid, :n, :n, 1, :taker::uuid,"
                    + " :maker::uuid, :ta, :ma, :side, :price::numeric, :size::numeric, 0, 0, :ts, :px, 5)");
            for (long t = 1; t <= TRADES; t++) {
                var fill = SinkFixture.fill(t);
                batch.bind("id", Ids.trade(t).toString()).bind("n", t)
                        .bind("taker", Ids.order(2 * t).toString()).bind("maker", Ids.order(2 * t + 1).toString())
                        .bind("ta", fill.taker()).bind("ma", fill.maker()).bind("side", fill.takerSide().wireName())
                        .bind("price", java.math.BigDecimal.valueOf(fill.priceX(), 8).toPlainString())
                        .bind("size", Long.toString(fill.size())).bind("ts", fill.ts() * 1_000_000L)
                        .bind("px", fill.priceX()).add();
            }
            batch.execute();
        });
    }

    private static final class Generation implements AutoCloseable {
        final ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
        final AptosSettlementSink sink;
        final SettlementBatcher batcher;

        Generation(SinkFixture f, Jdbi jdbi) {
            sink = f.sink();
            SettlementConfig config = SettlementConfig.defaults().withBatching(30, 20).withRetry(10, 200);
            batcher = new SettlementBatcher(config, MarketRegistry.defaults(), new JdbcSettlementStore(jdbi), sink,
                    scheduler, null, null);
            batcher.start();
        }

        @Override
        public void close() {
            batcher.stop();
            sink.close();
            scheduler.close();
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void aRestartOverPostgresStateSettlesEveryFillExactlyOnce(@TempDir Path dir) throws Exception {
        NodeSimulator sim = NodeSimulator.builder().frozenClock(false).start();
        try (Database db = Database.start(DatabaseConfig.embedded(dir.resolve("pg")));
             SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            Jdbi jdbi = db.jdbi();
            insertTrades(jdbi);
            long inFlightAtRestart;
            try (AptosSettlementFaultTest.Injector injector = new AptosSettlementFaultTest.Injector(f.sim.faults(), 3,
                    false)) {
                f.sim.faults().commitLatency(Duration.ofMillis(60));
                Generation first = new Generation(f, jdbi);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (first.sink.stats().transactions() < 8 && System.nanoTime() < until) {
                    Thread.sleep(2);
                }
                first.close(); // "crash": transactions recorded in PostgreSQL and in flight
                inFlightAtRestart = count(jdbi, "SELECT count(*) FROM settlement_batches"
                        + " WHERE status = 'submitted' AND tx_hash IS NOT NULL");
                try (Generation second = new Generation(f, jdbi)) {
                    Thread.sleep(500);
                    injector.close();
                    f.sim.faults().reset();
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (count(jdbi, "SELECT count(*) FROM trades t JOIN trade_batches b"
                            + " ON b.trade_number = t.trade_number WHERE b.status = 'confirmed'") < TRADES
                            && System.nanoTime() < deadline) {
                        second.batcher.flush();
                        Thread.sleep(100);
                    }
                }
            }
            assertThat(inFlightAtRestart).as("batches with a transaction in flight at the restart").isPositive();
            assertThat(count(jdbi, "SELECT count(*) FROM trades t JOIN trade_batches b"
                    + " ON b.trade_number = t.trade_number WHERE b.status = 'confirmed'")).isEqualTo(TRADES);
            Map<Long, Integer> applied = f.appliedCounts();
            assertThat(applied).hasSize(TRADES);
            assertThat(applied.values()).as("every fill applied on chain exactly once").containsOnly(1);
            assertThat(List.copyOf(applied.keySet())).allSatisfy(t -> assertThat(t).isBetween(1L, (long) TRADES));
        }
    }
}
