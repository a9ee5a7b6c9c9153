package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What one scripted scenario leaves in the tables, with exact decimals. */
@ExtendWith(FreshDatabase.class)
class GroupCommitIT {

    private static final long ETH = TestMarkets.ETH.marketId();
    private static final long BTC = TestMarkets.BTC.marketId();

    static List<String> rows(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static List<Command> scenario() {
        long t = 1_700_000_000_000_000L;
        return List.of(
                PlaceOrder.limit(t + 1, "0xa11ce", ETH, Side.SELL, 10_005, 15_000).withClientOrderId("a1"),
                PlaceOrder.limit(t + 2, "0xb0b", ETH, Side.SELL, 10_010, 5_000),
                PlaceOrder.limit(t + 3, "0xca401", ETH, Side.BUY, 10_010, 17_500),
                AmendOrder.byId(t + 4, "0xb0b", 2, AmendOrder.UNCHANGED, 1_000),
                PlaceOrder.limit(t + 5, "0xda4e", ETH, Side.BUY, 9_900, 20_000).withClientOrderId("d1")
                        .withExpiresAt(t + 9_000_000),
                CancelOrder.byClientId(t + 6, "0xda4e", "d1"),
                PlaceOrder.limit(t + 7, "0xe41", BTC, Side.BUY, 3_000_001_000_000L, 10_000),
                PlaceOrder.market(t + 8, "0xf4a", BTC, Side.SELL, 10_000));
    }

    @Test
    void scriptedScenarioLeavesExactRows(DatabaseConfig config) throws Exception {
        List<CommandResult> results = new ArrayList<>();
        long sequence;
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
            for (Command c : scenario()) {
                futures.add(engine.runtime().submit(c));
            }
            for (CompletableFuture<CommandResult> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            sequence = engine.runtime().query(e -> e.counters().sequence()).get(30, TimeUnit.SECONDS);
            assertThat(engine.commitHook().stats().commands()).isEqualTo(8);
            assertThat(engine.commitHook().stats().groups()).isBetween(1L, 8L);
        }
        assertThat(results).allMatch(CommandResult::processed);
        assertThat(results).allMatch(r -> r.rejection().isEmpty());

        try (Database db = Database.start(config)) {
            Jdbi jdbi = db.jdbi();
            assertThat(rows(jdbi, "SELECT user_address || ' ' || side || ' ' || order_type || ' ' || time_in_force"
                    + " || ' ' || size || ' ' || COALESCE(price::text, '-') || ' ' || filled_size || ' ' || open_size"
                    + " || ' ' || status || ' ' || COALESCE(client_order_id, '-') || ' ' || stp || ' '"
                    + " || COALESCE(cancel_reason, '-') || ' ' || priority_sequence || ' ' || accepted_sequence"
                    + " FROM orders ORDER BY accepted_sequence")).containsExactly(
                    "0xa11ce sell limit gtc 1.5000 100.05 1.5000 0.0000 filled a1 none - 1 1",
                    "0xb0b sell limit gtc 0.3500 100.10 0.2500 0.1000 partially_filled - none - 3 3",
                    "0xca401 buy limit gtc 1.7500 100.10 1.7500 0.0000 filled - none - 5 5",
                    "0xda4e buy limit gtc 2.0000 99.00 0.0000 0.0000 cancelled d1 none user 14 14",
                    "0xe41 buy limit gtc 0.00010000 30000.01000000 0.00010000 0.00000000 filled - cancel_maker - 18 18",
                    "0xf4a sell market ioc 0.00010000 29100.01000000 0.00010000 0.00000000 filled - cancel_maker -"
                            + " 20 20");
            assertThat(rows(jdbi, "SELECT expires_at_us || ' ' || created_at_us FROM orders"
                    + " WHERE client_order_id = 'd1'"))
                    .containsExactly((1_700_000_000_000_000L + 9_000_000) + " " + (1_700_000_000_000_000L + 5));
            assertThat(rows(jdbi, "SELECT trade_number || ' ' || market_id || ' ' || taker_address || ' '"
                    + " || maker_address || ' ' || taker_side || ' ' || price || ' ' || size || ' ' || taker_fee"
                    + " || ' ' || maker_fee || ' ' || price_x || ' ' || fee_bps || ' ' || NOT EXISTS (SELECT 1 FROM trade_batches b WHERE b.trade_number = t.trade_number)"
                    + " FROM trades t ORDER BY trade_number")).containsExactly(
                    "1 1 0xca401 0xa11ce buy 100.05 1.5000 0.08 0.04 10005000000 5 true",
                    "2 1 0xca401 0xb0b buy 100.10 0.2500 0.02 0.01 10010000000 5 true",
                    "3 2 0xf4a 0xe41 sell 30000.01000000 0.00010000 0.00180001 -0.00030000 3000001000000 6 true");
            assertThat(rows(jdbi, "SELECT user_address || ' ' || market_id || ' ' || size FROM positions"
                    + " ORDER BY user_address, market_id")).containsExactly(
                    "0xa11ce 1 -1.5000", "0xb0b 1 -0.2500", "0xca401 1 1.7500", "0xe41 2 0.00010000",
                    "0xf4a 2 -0.00010000");
            assertThat(rows(jdbi, "SELECT market_id || ' ' || symbol || ' ' || last_trade_price || ' '"
                    + " || (spec->>'tick_size') || ' ' || (spec->>'default_stp') FROM markets ORDER BY market_id"))
                    .containsExactly("1 ETH-USD 100.10 5 none", "2 BTC-USD 30000.01000000 1000000 cancel_maker");
            assertThat(rows(jdbi, "SELECT last_command_number || ' ' || last_sequence || ' ' || last_order_number"
                    + " || ' ' || last_trade_number || ' ' || last_command_timestamp_us FROM engine_state"))
                    .containsExactly("8 " + sequence + " 6 3 " + (1_700_000_000_000_000L + 8));
            assertThat(rows(jdbi, "SELECT command_number || ' ' || (payload->>'op') || ' ' || (payload->>'user')"
                    + " || ' ' || COALESCE(first_sequence::text, '-') FROM command_log ORDER BY command_number"))
                    .hasSize(8)
                    .startsWith("1 place 0xa11ce 1")
                    .contains("4 amend 0xb0b 12");
            assertThat(CommandLog.read(jdbi, 0, 100)).containsExactlyElementsOf(scenario());

            // The recovered image is the engine's.
            MatchingEngine reference = new MatchingEngine(TestMarkets.registry(), new io.hyperperp.core.event.EventRecorder());
            scenario().forEach(reference::process);
            assertThat(EngineRecovery.load(jdbi, TestMarkets.registry())).isEqualTo(reference.image());
            assertThat(rows(jdbi, "SELECT book_sequence::text FROM markets WHERE market_id = 1"))
                    .containsExactly(Long.toString(reference.depth(ETH, 1).sequence()));
        }
    }

    @Test
    void aCommitWhoseAcknowledgementWasLostIsNotWrittenTwice() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config())) {
            AtomicBoolean loseNextAck = new AtomicBoolean(true);
            JdbcCommitHook hook = new JdbcCommitHook(() -> losingAcks(db.openDirectConnection(), loseNextAck),
                    TestMarkets.registry());
            List<CommandResult> results = new ArrayList<>();
            try (EngineRuntime runtime = EngineRuntime.builder(TestMarkets.registry()).commitHook(hook)
                    .commitRetry(5, 50).start()) {
                List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
                for (Command c : scenario()) {
                    futures.add(runtime.submit(c));
                }
                for (CompletableFuture<CommandResult> f : futures) {
                    results.add(f.get(30, TimeUnit.SECONDS));
                }
            } finally {
                hook.close();
            }
            assertThat(results).allMatch(CommandResult::processed);
            assertThat(hook.stats().skipped()).isEqualTo(1);
            assertThat(hook.stats().failures()).isEqualTo(1);
            assertThat(rows(db.jdbi(), "SELECT count(*) || ' ' || max(command_number) FROM command_log"))
                    .containsExactly("8 8");
            assertThat(rows(db.jdbi(), "SELECT count(*)::text FROM trades")).containsExactly("3");
            MatchingEngine reference = new MatchingEngine(TestMarkets.registry(),
                    new io.hyperperp.core.event.EventRecorder());
            scenario().forEach(reference::process);
            assertThat(EngineRecovery.load(db.jdbi(), TestMarkets.registry())).isEqualTo(reference.image());
        }
    }

    @Test
    void aSecondWriterIsDetectedAndNothingOfTheGroupIsCommitted() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             JdbcCommitHook hook = JdbcCommitHook.on(db, TestMarkets.registry())) {
            EventRecorder recorder = new EventRecorder();
            MatchingEngine engine = new MatchingEngine(TestMarkets.registry(), recorder);
            List<ProcessedCommand> processed = new ArrayList<>();
            for (Command c : scenario()) {
                engine.process(c);
                processed.add(new ProcessedCommand(c, recorder.drain()));
            }
            List<ProcessedGroup> groups = List.of(new ProcessedGroup(processed.subList(0, 1)),
                    new ProcessedGroup(processed.subList(1, 4)));
            hook.commit(groups.get(0));
            // another engine commits command 2 behind this writer's back, which is about to write commands 2..4
            db.jdbi().useHandle(h -> h.execute("UPDATE engine_state SET last_command_number = 2"));
            assertThatThrownBy(() -> hook.commit(groups.get(1)))
                    .hasMessageContaining("another engine writes to this database");
            assertThat(rows(db.jdbi(), "SELECT count(*)::text FROM command_log")).containsExactly("1");
            // the retry (on a fresh connection) still refuses
            assertThatThrownBy(() -> hook.commit(groups.get(1)))
                    .hasMessageContaining("another engine writes to this database");
            assertThat(hook.stats().groups()).isEqualTo(1);
        }
    }

    @Test
    void aNewOrderMayReuseTheClientOrderIdOfAnOrderItsGroupCancels() throws Exception {
        long t = 1_700_000_000_000_000L;
        List<Command> commands = List.of(
                PlaceOrder.limit(t + 1, "0xa11ce", ETH, Side.BUY, 9_900, 10_000).withClientOrderId("r1"),
                CancelOrder.byClientId(t + 2, "0xa11ce", "r1"),
                PlaceOrder.limit(t + 3, "0xa11ce", ETH, Side.BUY, 9_800, 10_000).withClientOrderId("r1"));
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             JdbcCommitHook hook = JdbcCommitHook.on(db, TestMarkets.registry())) {
            List<ProcessedCommand> processed = processed(commands);
            hook.commit(new ProcessedGroup(processed.subList(0, 1)));
            // the cancel frees "r1" and the new order takes it, in one group: the open client ids' unique index must
            // see the cancel before the insert
            hook.commit(new ProcessedGroup(processed.subList(1, 3)));
            assertThat(rows(db.jdbi(), "SELECT price || ' ' || status FROM orders WHERE client_order_id = 'r1'"
                    + " ORDER BY accepted_sequence")).containsExactly("99.00 cancelled", "98.00 pending");
            assertThat(hook.stats().groups()).isEqualTo(2);
            MatchingEngine reference = new MatchingEngine(TestMarkets.registry(), new EventRecorder());
            commands.forEach(reference::process);
            assertThat(EngineRecovery.load(db.jdbi(), TestMarkets.registry())).isEqualTo(reference.image());
        }
    }

    @Test
    void aGroupUpdatingAnOrderTheTableLacksIsRefusedBeforeItsCommit() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             JdbcCommitHook hook = JdbcCommitHook.on(db, TestMarkets.registry())) {
            List<ProcessedCommand> processed = processed(scenario());
            hook.commit(new ProcessedGroup(processed.subList(0, 2)));
            db.jdbi().useHandle(h -> h.execute("DELETE FROM orders WHERE user_address = '0xb0b'"));
            // command 3 trades with both resting orders (an update of each, one of them gone), and writes a trade
            assertThatThrownBy(() -> hook.commit(new ProcessedGroup(processed.subList(2, 3))))
                    .hasMessageContaining("the orders table is missing orders the engine has");
            assertThat(rows(db.jdbi(), "SELECT last_command_number::text FROM engine_state")).containsExactly("2");
            assertThat(rows(db.jdbi(), "SELECT count(*)::text FROM command_groups")).containsExactly("1");
            assertThat(rows(db.jdbi(), "SELECT count(*)::text FROM trades")).containsExactly("0");
            assertThat(rows(db.jdbi(), "SELECT status FROM orders WHERE user_address = '0xa11ce'"))
                    .containsExactly("pending");
        }
    }

    /** The commands run through a fresh engine, each with its events. */
    static List<ProcessedCommand> processed(List<Command> commands) {
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(TestMarkets.registry(), recorder);
        List<ProcessedCommand> processed = new ArrayList<>();
        for (Command c : commands) {
            engine.process(c);
            processed.add(new ProcessedCommand(c, recorder.drain()));
        }
        return processed;
    }

    /** A connection whose first commit goes through but then reports failure, as if the reply was lost. */
    private static Connection losingAcks(Connection real, AtomicBoolean loseNext) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(real, args);
                if (method.getName().equals("commit") && loseNext.compareAndSet(true, false)) {
                    throw new SQLException("connection reset after COMMIT (simulated)", "08006");
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }
}
