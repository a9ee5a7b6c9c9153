package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The log-only commit of the tables behind the log ({@link LogRows}): the guarded counters update, the log row and
 * the {@code COMMIT} go in one request. The row is committed by that request alone, and a guard that does not match
 * (another writer, another leader's term) commits nothing of the group.
 */
class LogOnlyCommitIT {

    private static final long ETH = TestMarkets.ETH.marketId();

    private static List<ProcessedGroup> groups() {
        long t = 1_700_000_000_000_000L;
        List<Command> commands = List.of(
                PlaceOrder.limit(t + 1, "0xa11ce", ETH, Side.SELL, 10_005, 15_000),
                PlaceOrder.limit(t + 2, "0xb0b", ETH, Side.SELL, 10_010, 5_000),
                PlaceOrder.limit(t + 3, "0xca401", ETH, Side.BUY, 10_010, 17_500),
                AmendOrder.byId(t + 4, "0xb0b", 2, AmendOrder.UNCHANGED, 1_000));
        List<ProcessedCommand> processed = GroupCommitIT.processed(commands);
        return List.of(new ProcessedGroup(processed.subList(0, 1)), new ProcessedGroup(processed.subList(1, 4)));
    }

    private static List<String> rows(Database db, String sql) {
        return GroupCommitIT.rows(db.jdbi(), sql);
    }

    private static TableWriter writer(Database db, long term) {
        ReadModelWatermark.startBehind(db.jdbi(), 0);
        return new TableWriter(db::openDirectConnection, TestMarkets.registry(), term, 0,
                TableWriter.Settings.DEFAULTS, "log-only-commit-it-tables");
    }

    @Test
    void theGroupIsCommittedByItsOneRequest() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             TableWriter tables = writer(db, JdbcCommitHook.NO_FENCING);
             JdbcCommitHook hook = JdbcCommitHook.behind(db::openDirectConnection, TestMarkets.registry(),
                     JdbcCommitHook.NO_FENCING, tables)) {
            List<ProcessedGroup> groups = groups();
            hook.commit(groups.get(0));
            hook.commit(groups.get(1));
            // Another connection sees both rows and the counters: the hook sent no COMMIT of its own.
            assertThat(rows(db, "SELECT first_command_number || '..' || last_command_number FROM command_groups"
                    + " ORDER BY 1")).containsExactly("1..1", "2..4");
            assertThat(rows(db, "SELECT last_command_number || ' ' || last_order_number || ' '"
                    + " || last_trade_number FROM engine_state")).containsExactly("4 3 2");
            assertThat(rows(db, "SELECT count(*)::text FROM pg_stat_activity"
                    + " WHERE state = 'idle in transaction' AND pid <> pg_backend_pid()")).containsExactly("0");
            assertThat(CommandLog.read(db.jdbi(), 0, 10)).hasSize(4);
            assertThat(hook.stats().groups()).isEqualTo(2);
        }
    }

    @Test
    void aSecondWriterIsDetectedAndNothingOfTheGroupIsCommitted() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             TableWriter tables = writer(db, JdbcCommitHook.NO_FENCING);
             JdbcCommitHook hook = JdbcCommitHook.behind(db::openDirectConnection, TestMarkets.registry(),
                     JdbcCommitHook.NO_FENCING, tables)) {
            List<ProcessedGroup> groups = groups();
            hook.commit(groups.get(0));
            // another engine commits command 2 behind this writer's back, which is about to write commands 2..4
            db.jdbi().useHandle(h -> h.execute("UPDATE engine_state SET last_command_number = 2"));
            assertThatThrownBy(() -> hook.commit(groups.get(1)))
                    .hasMessageContaining("another engine writes to this database");
            assertThat(rows(db, "SELECT first_command_number::text FROM command_groups")).containsExactly("1");
            assertThat(rows(db, "SELECT last_command_number::text FROM engine_state")).containsExactly("2");
        }
    }

    @Test
    void aLeaderWhoseTermIsOverCommitsNothing() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config())) {
            db.jdbi().useHandle(h -> h.execute("UPDATE engine_state SET leader_term = 7"));
            try (TableWriter tables = writer(db, 7);
                 JdbcCommitHook hook = JdbcCommitHook.behind(db::openDirectConnection, TestMarkets.registry(), 7,
                         tables)) {
                List<ProcessedGroup> groups = groups();
                hook.commit(groups.get(0));
                db.jdbi().useHandle(h -> h.execute("UPDATE engine_state SET leader_term = 8"));
                assertThatThrownBy(() -> hook.commit(groups.get(1))).isInstanceOf(CommitRefusedException.class);
                assertThat(rows(db, "SELECT first_command_number::text FROM command_groups"))
                        .containsExactly("1");
                assertThat(rows(db, "SELECT last_command_number::text FROM engine_state")).containsExactly("1");
            }
        }
    }

    @Test
    void aCommitWhoseAcknowledgementWasLostIsNotWrittenTwice() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             TableWriter tables = writer(db, JdbcCommitHook.NO_FENCING)) {
            AtomicBoolean loseNextReply = new AtomicBoolean(false);
            try (JdbcCommitHook hook = JdbcCommitHook.behind(
                    () -> losingReplies(db.openDirectConnection(), loseNextReply), TestMarkets.registry(),
                    JdbcCommitHook.NO_FENCING, tables)) {
                List<ProcessedGroup> groups = groups();
                hook.commit(groups.get(0));
                loseNextReply.set(true);
                assertThatThrownBy(() -> hook.commit(groups.get(1))).isInstanceOf(SQLException.class);
                hook.commit(groups.get(1)); // the runtime's retry: a fresh connection finds the group committed
                assertThat(hook.stats().skipped()).isEqualTo(1);
                assertThat(hook.stats().failures()).isEqualTo(1);
            }
            assertThat(rows(db, "SELECT first_command_number || '..' || last_command_number FROM command_groups"
                    + " ORDER BY 1")).containsExactly("1..1", "2..4");
            assertThat(tables.enqueued()).isEqualTo(4); // the skipped group still went to the table writer
        }
    }

    /** A connection whose statement, once flagged, executes and then loses its reply (the commit went through). */
    private static Connection losingReplies(Connection real, AtomicBoolean loseNext) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (method.getName().equals("prepareStatement")) {
                return losingReply((PreparedStatement) result, loseNext);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static PreparedStatement losingReply(PreparedStatement real, AtomicBoolean loseNext) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (method.getName().equals("execute") && loseNext.compareAndSet(true, false)) {
                throw new SQLException("connection reset after the reply was sent (simulated)", "08006");
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
