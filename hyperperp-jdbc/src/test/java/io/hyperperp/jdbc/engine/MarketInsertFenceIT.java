package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.ha.LeaderLease;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A leader paused right after its group's first write, a new market's row, on a real PostgreSQL: the take-over's
 * fence must end that transaction, or the next leader's insert of the same market waits as long as the pause.
 */
@ExtendWith(FreshDatabase.class)
class MarketInsertFenceIT {

    @Test
    void aWriterPausedAfterInsertingAMarketIsEndedByTheFence(DatabaseConfig config) throws Exception {
        // what GroupRows.write sends first for a group with a new market (the table writer's fence row)
        assertThat(nextLeadersInsertAfterPause(config, 901, true, 5_000)).as("the next leader's insert does not wait")
                .isTrue();
    }

    @Test
    void withoutTheFenceRowLockThePausedInsertBlocksTheNextLeader(DatabaseConfig config) throws Exception {
        // the order before the fix: the market row first, the fence row only at the state update
        assertThat(nextLeadersInsertAfterPause(config, 902, false, 1_000)).as("the fence left the paused insert alone")
                .isFalse();
    }

    @Test
    void aGroupWithANewMarketHoldsItsFenceRowWhenItInsertsTheMarket(DatabaseConfig config) throws Exception {
        // GroupRows.write itself, in both of its uses: the group commit's (engine_state) and the table writer's
        for (boolean withLog : new boolean[] {true, false}) {
            String fenceTable = withLog ? "engine_state" : "read_model_watermark";
            try (Database db = Database.start(config);
                 Connection writer = db.openDirectConnection();
                 Connection other = db.openDirectConnection()) {
                writer.setAutoCommit(false);
                String[] seen = new String[1];
                GroupRows rows = new GroupRows(1, Map.of(), MarketRegistry.defaults(), stage -> {
                    if (stage == WriteStage.MARKETS) {
                        seen[0] = fenceRowLockState(other, fenceTable);
                        throw new StopWrite(); // the check is made: the rest of the group is not needed
                    }
                }, Map.of(), withLog);
                rows.spec(withLog ? 903 : 904); // a market the database does not have yet: the group opens it
                assertThatThrownBy(() -> rows.write(writer, 1)).isInstanceOf(StopWrite.class);
                writer.rollback();
                assertThat(seen[0]).as("the fence row (%s) once the group's market row is written", fenceTable)
                        .isEqualTo("locked by the writer");
            }
        }
    }

    /** Thrown from the stage hook to end a write once it has been checked. */
    private static final class StopWrite extends RuntimeException {
        StopWrite() {
            super("stopped after the markets stage", null, false, false);
        }
    }

    /** Whether another session can take the fence row for update right now (NOWAIT: it never waits). */
    private static String fenceRowLockState(Connection other, String table) {
        try (Statement s = other.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE id = 1 FOR UPDATE NOWAIT").close();
            return "free";
        } catch (SQLException e) {
            return "55P03".equals(e.getSQLState()) ? "locked by the writer" : "error " + e.getSQLState();
        }
    }

    /**
     * A writer inserts market {@code marketId} (after locking its fence row if {@code lockFenceRowFirst}) and pauses
     * inside its transaction; another instance takes the lease over. True if the next leader's insert of the same
     * market then finished within {@code millis}, in which case the paused writer's session must have been ended.
     */
    private static boolean nextLeadersInsertAfterPause(DatabaseConfig config, long marketId, boolean lockFenceRowFirst,
            long millis) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease next = new LeaderLease(db, "next", Duration.ofMillis(200));
             Connection paused = db.openDirectConnection();
             Connection nextWriter = db.openDirectConnection()) {
            paused.setAutoCommit(false);
            if (lockFenceRowFirst) {
                GroupRows.lockFenceRow(paused, StateUpdate.Counters.WATERMARK);
            }
            insertMarket(paused, marketId);

            takeOver(next);

            boolean inserted = insertMarketWithin(nextWriter, marketId, millis);
            if (inserted) {
                assertThatThrownBy(paused::commit).as("the paused writer's session was ended")
                        .isInstanceOf(SQLException.class);
            } else {
                paused.rollback();
            }
            return inserted;
        }
    }

    private static void takeOver(LeaderLease next) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!next.read().expired()) { // the database is the class's: another test may have left a lease
            assertThat(System.nanoTime()).as("lease expired in time").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(next.tryAcquire("http://next:1")).isPresent();
    }

    private static void insertMarket(Connection c, long marketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GroupRows.INSERT_MARKET)) {
            ps.setLong(1, marketId);
            ps.setString(2, "M" + marketId);
            ps.setInt(3, 2);
            ps.setInt(4, 3);
            ps.setString(5, "{}");
            ps.executeUpdate();
        }
    }

    /** True if the insert finished within {@code millis}; false if it was still waiting for a lock then. */
    private static boolean insertMarketWithin(Connection c, long marketId, long millis) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = " + millis);
        }
        try {
            insertMarket(c, marketId);
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if ("57014".equals(e.getSQLState())) { // query_canceled: the timeout
                return false;
            }
            throw e;
        }
    }
}
