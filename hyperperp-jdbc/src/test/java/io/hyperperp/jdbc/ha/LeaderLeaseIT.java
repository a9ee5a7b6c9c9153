package io.hyperperp.jdbc.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.JdbcCommitHook;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lease and its fence on a real PostgreSQL: one leader at a time, and a deposed one commits nothing. */
@ExtendWith(FreshDatabase.class)
class LeaderLeaseIT {

    private static final MarketRegistry MARKETS = MarketRegistry.defaults();

    @Test
    void oneHolderAtATimeAndTheDeposedLeaderIsFenced(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease a = new LeaderLease(db, "a", Duration.ofSeconds(30));
             LeaderLease b = new LeaderLease(db, "b", Duration.ofSeconds(30))) {
            awaitExpiry(a); // the database is the class's: another test may have left a lease
            long t = a.tryAcquire("http://a:1").orElseThrow();
            assertThat(b.tryAcquire("http://b:1")).as("held and not expired").isEmpty();
            assertThat(b.read()).isEqualTo(new LeaseHolder(t, "a", "http://a:1", false));
            assertThat(a.renew(t)).isTrue();

            JdbcCommitHook fencedHook = JdbcCommitHook.fenced(db, MARKETS, t);
            try (EngineRuntime leaderA = EngineRuntime.builder(MARKETS).commitHook(fencedHook).start()) {
                assertThat(leaderA.submit(bid(1)).get(10, TimeUnit.SECONDS).status())
                        .isEqualTo(CommandResult.Status.PROCESSED);

                a.release(t); // as if it had expired: the previous leader is not asked either way
                assertThat(b.tryAcquire("http://b:1")).hasValue(t + 1);
                assertThat(number(db, "SELECT leader_term FROM engine_state")).isEqualTo(t + 1);
                assertThat(a.renew(t)).as("the lease moved on").isFalse();

                CommandResult refused = leaderA.submit(bid(2)).get(10, TimeUnit.SECONDS);
                assertThat(refused.status()).isEqualTo(CommandResult.Status.UNAVAILABLE);
                assertThat(leaderA.isRefused()).isTrue();
                assertThat(number(db, "SELECT last_command_number FROM engine_state"))
                        .as("the deposed leader's command was not committed").isEqualTo(1);
            } finally {
                fencedHook.close();
            }

            Submission submission = new Submission("0xabc", 1, 1, new byte[] {1});
            assertThatThrownBy(() -> new JdbcSettlementStore(db.jdbi(), Long.MAX_VALUE, t)
                    .recordSubmission(7, submission, 0)).hasMessageContaining("leader term " + t + " is over");
            assertThatThrownBy(() -> new JdbcSettlementStore(db.jdbi(), Long.MAX_VALUE, t + 1)
                    .recordSubmission(7, submission, 0)).hasMessageContaining("no settlement batch 7");

            assertThat(a.read()).isEqualTo(new LeaseHolder(t + 1, "b", "http://b:1", false));
            b.release(t + 1);
            assertThat(a.read().expired()).as("released").isTrue();
        }
    }

    @Test
    void aHolderWhoseSessionEndedIsReplacedWithoutWaitingForTheExpiry(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease b = new LeaderLease(db, "b", Duration.ofSeconds(60))) {
            LeaderLease a = new LeaderLease(db, "a", Duration.ofSeconds(60));
            awaitExpiry(a); // the database is the class's: another test may have left a lease
            long term = a.tryAcquire("http://a:1").orElseThrow();
            assertThat(a.renew(term)).isTrue();
            assertThat(b.tryAcquire("http://b:1")).as("the holder's session lives").isEmpty();

            a.close(); // as when its process dies: PostgreSQL ends the backend, which frees its liveness lock
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            OptionalLong taken = b.tryAcquire("http://b:1");
            while (taken.isEmpty()) {
                assertThat(System.nanoTime()).as("taken long before the 60 s lease expired").isLessThan(deadline);
                Thread.sleep(10);
                taken = b.tryAcquire("http://b:1");
            }
            assertThat(taken).hasValue(term + 1);
            assertThat(b.read()).isEqualTo(new LeaseHolder(term + 1, "b", "http://b:1", false));
            assertThat(number(db, "SELECT leader_term FROM engine_state")).isEqualTo(term + 1);
            assertThat(a.renew(term)).as("the old holder, back, finds another term").isFalse();
            a.close();

            try (LeaderLease c = new LeaderLease(db, "c", Duration.ofSeconds(60))) {
                assertThat(c.tryAcquire("http://c:1")).as("b's session lives: its term is not taken").isEmpty();
            }
            b.release(term + 1);
        }
    }

    @Test
    void aHolderFrozenInsideItsRenewalDoesNotBlockTheTakeOver(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease next = new LeaderLease(db, "next", Duration.ofMillis(200));
             Connection frozen = db.openDirectConnection()) {
            frozen.setAutoCommit(false);
            try (Statement s = frozen.createStatement()) {
                s.executeUpdate("UPDATE ha_lease SET renewed_at = now() WHERE id = 1"); // holds the row lock
            }
            awaitExpiry(next);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            OptionalLong term = next.tryAcquire("http://next:1");
            while (term.isEmpty()) {
                assertThat(System.nanoTime()).as("taken in time").isLessThan(deadline);
                term = next.tryAcquire("http://next:1");
            }
            assertThat(next.read().holder()).isEqualTo("next");
            assertThatThrownBy(frozen::commit).as("the frozen renewal's session was ended")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void takingOverTerminatesAWriterPausedInsideItsTransaction(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease next = new LeaderLease(db, "next", Duration.ofMillis(200));
             Connection paused = db.openDirectConnection()) {
            paused.setAutoCommit(false);
            try (Statement s = paused.createStatement()) {
                s.executeUpdate("UPDATE engine_state SET updated_at = now() WHERE id = 1"); // holds the row lock
            }
            assertTakeOverEndsThePausedWriter(db, next, paused);
        }
    }

    @Test
    void takingOverTerminatesASettlementWritePausedUnderItsShareLock(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config);
             LeaderLease next = new LeaderLease(db, "next", Duration.ofMillis(200));
             Connection paused = db.openDirectConnection();
             Connection reader = db.openDirectConnection()) {
            paused.setAutoCommit(false);
            reader.setAutoCommit(false);
            try (Statement s = paused.createStatement()) {
                s.execute("SELECT leader_term FROM engine_state WHERE id = 1 FOR SHARE"); // as JdbcSettlementStore
            }
            try (Statement s = reader.createStatement()) {
                s.execute("SELECT last_command_number FROM engine_state WHERE id = 1"); // a follower reading
            }
            assertTakeOverEndsThePausedWriter(db, next, paused);
            reader.commit(); // a reader holds no lock the fence waits for, and is left alone
        }
    }

    private static PlaceOrder bid(long ts) {
        return PlaceOrder.limit(ts, "0xa" + ts, 1, Side.BUY, 3_000_000_000_000L, 100_000_000L);
    }

    private static void awaitExpiry(LeaderLease lease) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lease.read().expired()) {
            assertThat(System.nanoTime()).as("lease expired in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long number(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Once the lease expired, {@code next} takes over, and the paused writer's session has been ended. */
    private static void assertTakeOverEndsThePausedWriter(Database db, LeaderLease next, Connection paused)
            throws Exception {
        awaitExpiry(next);
        OptionalLong term = next.tryAcquire("http://next:1");
        assertThat(term).isPresent();
        assertThat(number(db, "SELECT leader_term FROM engine_state")).isEqualTo(term.getAsLong());
        assertThatThrownBy(paused::commit).as("the paused writer's session was ended")
                .isInstanceOf(SQLException.class);
    }
}
