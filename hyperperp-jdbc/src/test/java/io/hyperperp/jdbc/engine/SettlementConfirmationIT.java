package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The settlement store's confirmation, committed without waiting for its WAL flush. */
@ExtendWith(FreshDatabase.class)
class SettlementConfirmationIT {

    /**
     * What a confirmation's commit without its flush rests on: {@code set_config(..., true)} sent in the same request
     * holds for that request's implicit transaction (its commit), and for nothing the connection runs after it.
     */
    @Test
    void aSettingForOneRequestHoldsForItsTransactionOnly(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            engine.jdbi().useHandle(h -> {
                java.sql.Connection c = h.getConnection();
                assertThat(c.getAutoCommit()).isTrue();
                h.execute("SET synchronous_commit = on"); // the test servers run with it off; the product's, on
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT set_config('synchronous_commit',"
                        + " 'off', true);\nSELECT current_setting('synchronous_commit')")) {
                    ps.execute();
                    assertThat(ps.getMoreResults()).isTrue();
                    try (java.sql.ResultSet rs = ps.getResultSet()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("off");
                    }
                }
                assertThat(h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()).isEqualTo("on");
            });
            // The store's confirmation (that form) is saved like any status change.
            JdbcSettlementStore store = engine.settlementStore(); // on the pool, as the server's
            List<SettlementFill> fill = List.of(new SettlementFill(1, "0x7a4e", "0xma4e", 1, 10_000,
                    10_005_000_000L, 5, 1_700_000_000L, Side.BUY));
            SettlementBatch batch = new SettlementBatch(1, 1, fill, 1_700_000_000L, 1, 20_000_000_000L,
                    1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000);
            store.save(batch);
            for (int i = 0; i < 3; i++) {
                SettlementBatch confirmed = batch.withStatus(BatchStatus.CONFIRMED, null, 2_000 + i);
                store.save(confirmed);
                assertThat(store.find(1)).contains(confirmed);
            }
            assertThat(store.unfinished()).isEmpty();
        }
    }
}
