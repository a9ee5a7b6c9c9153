package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * V18's command lines: groups written before it (JSON objects) and after it (arrays of values, {@link LogLine}) read
 * back as the same commands by {@link CommandLog}, and as the same payloads through the {@code command_log} view; a
 * group of a few dozen orders stays in its heap row; the range check that replaced the table's CHECK constraint.
 */
class CompactCommandLinesIT {

    private static final long ETH = TestMarkets.ETH.marketId();
    private static final long T = 1_700_000_000_000_000L;
    /** As long as the server's addresses (0x and 64 hex digits). */
    private static final String ALICE = "0x" + "a11ce".repeat(12) + "0000";

    /** Every kind of command, with every optional field set somewhere, and strings that need escaping. */
    private static List<Command> everyKind() {
        return List.of(
                new Deposit(T + 1, ALICE, 5_000_000_000L, "dep-\"1\"\\x"),
                new SetLeverage(T + 2, ALICE, ETH, 7),
                PlaceOrder.limit(T + 3, ALICE, ETH, Side.SELL, 10_005, 15_000).withClientOrderId("c1")
                        .withReduceOnly(true).withStp(StpMode.CANCEL_MAKER).withExpiresAt(T + 9_000_000)
                        .withTimeInForce(TimeInForce.POST_ONLY),
                PlaceOrder.market(T + 4, "0xb0b", ETH, Side.BUY, 1_000),
                new AmendOrder(T + 5, ALICE, ETH, 1, "c1", 10_010, 14_000),
                new CancelOrder(T + 6, ALICE, ETH, 0, "c1"),
                new PlaceConditionalOrder(T + 7, "0xb0b", ETH, Side.BUY, TriggerKind.STOP, OrderType.LIMIT, 10_100,
                        TriggerReference.MARK, 10_120, 2_000, "k\u00e9", false, StpMode.NONE, T + 5_000_000, "oco1"),
                new PlaceConditionalOrder(T + 8, "0xb0b", ETH, Side.SELL, TriggerKind.TAKE_PROFIT, OrderType.MARKET,
                        9_900, TriggerReference.LAST, 0, 2_000, null, true, null, 0, null),
                new AmendConditionalOrder(T + 9, "0xb0b", ETH, 3, null, 10_200, 10_220, 1_500),
                new CancelAll(T + 10, "0xb0b", ETH),
                new UpdateMarkPrice(T + 11, "oracle", ETH, 10_001, 10_002),
                new ApplyFunding(T + 12, "funding", ETH, -1_234),
                new Withdraw(T + 13, ALICE, 1_000_000),
                new AdvanceTime(T + 14));
    }

    /** A line as the writers before V18 wrote it (the JSON object the view reads as it is). */
    private static String objectLine(long number, ProcessedCommand pc) {
        List<EngineEvent> events = pc.events();
        return "{\"command_number\":" + number + ",\"first_sequence\":"
                + (events.isEmpty() ? "null" : events.get(0).sequence()) + ",\"last_sequence\":"
                + (events.isEmpty() ? "null" : events.get(events.size() - 1).sequence()) + ",\"command\":"
                + CommandLog.toJson(pc.command()) + "}";
    }

    private static void insertGroup(Jdbi jdbi, long first, long last, String lines) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO command_groups (first_command_number, last_command_number,"
                        + " commands) VALUES (:f, :l, :c)").bind("f", first).bind("l", last).bind("c", lines)
                .execute());
    }

    @Test
    void groupsWrittenBeforeAndAfterV18ReadBackAsTheSameCommands() throws Exception {
        try (TestDatabase fresh = TestDatabases.create()) {
            groupsWrittenBeforeAndAfterV18(fresh.config());
        }
    }

    private static void groupsWrittenBeforeAndAfterV18(DatabaseConfig config) throws Exception {
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("17").load().migrate();
        List<Command> commands = everyKind();
        List<ProcessedCommand> processed = GroupCommitIT.processed(commands);
        int n = commands.size();
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < n; i++) {
            objects.append(i == 0 ? "" : "\n").append(objectLine(i + 1, processed.get(i)));
        }
        Jdbi before = Jdbi.create(() -> DriverManager.getConnection(config.jdbcUrl(), config.user(),
                config.password()));
        insertGroup(before, 1, n, objects.toString());
        try (Database db = Database.start(config)) {
            StringBuilder arrays = new StringBuilder();
            for (int i = 0; i < n; i++) {
                LogLine.append(arrays, n + i + 1, processed.get(i));
            }
            assertThat(arrays.toString()).startsWith("[" + (n + 1) + ",").doesNotContain("\"op\"");
            insertGroup(db.jdbi(), n + 1, 2L * n, arrays.toString());

            List<Command> twice = new ArrayList<>(commands);
            twice.addAll(commands);
            assertThat(CommandLog.read(db.jdbi(), 0, 100)).containsExactlyElementsOf(twice);
            assertThat(CommandLog.read(db.jdbi(), n - 2, 4)).containsExactlyElementsOf(twice.subList(n - 2, n + 2));
            assertThat(CommandLog.readGroups(db.jdbi(), 0, 10)).containsExactly(commands, commands);
            assertThat(CommandLog.readGroupsAfter(db.jdbi(), n, 10)).containsExactlyElementsOf(commands);

            // The view: an array line's row equals its object line's, payload keys in the same order.
            List<String> objectRows = viewRows(db.jdbi(), "command_number <= " + n);
            List<String> arrayRows = viewRows(db.jdbi(), "command_number > " + n);
            assertThat(arrayRows).containsExactlyElementsOf(objectRows);
            assertThat(objectRows).hasSize(n).allSatisfy(row -> assertThat(row).contains("op,ts,user"));
            assertThat(GroupCommitIT.rows(db.jdbi(), "SELECT group_first_command_number || '..'"
                    + " || group_last_command_number FROM command_log WHERE command_number IN (1, " + (2 * n) + ")"
                    + " ORDER BY command_number")).containsExactly("1.." + n, (n + 1) + ".." + (2 * n));
        }
    }

    /** Each row of the view but its number: sequences, timestamp, payload as jsonb and its keys in order. */
    private static List<String> viewRows(Jdbi jdbi, String where) {
        return GroupCommitIT.rows(jdbi, "SELECT concat_ws(' | ', timestamp_us, first_sequence, last_sequence,"
                + " payload::jsonb, (SELECT string_agg(k, ',') FROM json_object_keys(payload) AS k))"
                + " FROM command_log WHERE " + where + " ORDER BY command_number");
    }

    @Test
    void aGroupOfThirtyTwoOrdersStaysInItsRow() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config());
             TableWriter tables = new TableWriter(db::openDirectConnection, TestMarkets.registry(),
                     JdbcCommitHook.NO_FENCING, 0, TableWriter.Settings.DEFAULTS, "compact-lines-it-tables")) {
            ReadModelWatermark.startBehind(db.jdbi(), 0);
            List<Command> orders = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String user = "0x" + String.format("%064x", 0xabcdefL * (i + 1));
                orders.add(PlaceOrder.limit(T + i, user, ETH, i % 2 == 0 ? Side.BUY : Side.SELL,
                        10_000 + (i % 2 == 0 ? -5 : 5) * (i + 1), 1_000 + i));
            }
            try (JdbcCommitHook hook = JdbcCommitHook.behind(db::openDirectConnection, TestMarkets.registry(),
                    JdbcCommitHook.NO_FENCING, tables)) {
                hook.commit(new ProcessedGroup(GroupCommitIT.processed(orders)));
            }
            // over the default TOAST threshold (about 2 KB), under the table's target of 8160 bytes
            assertThat(Long.parseLong(GroupCommitIT.rows(db.jdbi(), "SELECT octet_length(commands)::text"
                    + " FROM command_groups").get(0))).isBetween(4_000L, 7_000L);
            assertThat(GroupCommitIT.rows(db.jdbi(), "SELECT pg_relation_size(reltoastrelid)::text FROM pg_class"
                    + " WHERE relname = 'command_groups'")).containsExactly("0");
            assertThat(CommandLog.read(db.jdbi(), 0, 100)).containsExactlyElementsOf(orders);
        }
    }

    @Test
    void startUpRefusesAGroupThatIsNoRangeOfCommands() throws Exception {
        try (TestDatabase fresh = TestDatabases.create(); Database db = Database.start(fresh.config())) {
            insertGroup(db.jdbi(), 1, 1, "[1,null,null,\"advance_time\",1,null]");
            insertGroup(db.jdbi(), 3, 2, "[3,null,null,\"advance_time\",3,null]");
            db.jdbi().useHandle(h -> assertThatThrownBy(() -> CommandLogCheck.requireConsistent(h, 2))
                    .hasMessageContaining("has a group from command 3 to command 2, which is no range of commands"));
        }
    }
}
