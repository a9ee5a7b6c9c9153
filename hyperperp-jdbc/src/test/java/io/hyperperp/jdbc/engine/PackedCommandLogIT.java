package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V15: a log with JSON Lines groups (written before it) and packed groups (after) reads back as one sequence of
 * commands, through {@link CommandLog} and through the {@code command_log} view, whose payloads are the JSON the
 * log held before.
 */
@ExtendWith(FreshDatabase.class)
class PackedCommandLogIT {

    @Test
    void jsonAndPackedGroupsReadBackAsOneLog(DatabaseConfig config) throws Exception {
        List<Command> every = EveryCommand.list();
        int half = every.size() / 2;
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("14").load().migrate();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             PreparedStatement ps = c.prepareStatement("INSERT INTO command_groups (first_command_number,"
                     + " last_command_number, commands) VALUES (?, ?, ?)")) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < half; i++) {
                lines.append(i == 0 ? "" : "\n").append("{\"command_number\":").append(i + 1)
                        .append(",\"first_sequence\":").append(10 * (i + 1)).append(",\"last_sequence\":")
                        .append(10 * (i + 1) + 2).append(",\"command\":").append(CommandLog.toJson(every.get(i)))
                        .append('}');
            }
            ps.setLong(1, 1);
            ps.setLong(2, half);
            ps.setString(3, lines.toString());
            ps.executeUpdate();
        }
        try (Database db = Database.start(config)) {
            // Two packed groups after the JSON one; the first command without events.
            insertPacked(db, half + 1, every.subList(half, half + 3), true);
            insertPacked(db, half + 4, every.subList(half + 3, every.size()), false);

            assertThat(CommandLog.read(db.jdbi(), 0, 100)).containsExactlyElementsOf(every);
            assertThat(CommandLog.read(db.jdbi(), half - 1, 3)).containsExactlyElementsOf(every.subList(half - 1,
                    half + 2));
            assertThat(CommandLog.readGroupsAfter(db.jdbi(), 0, 2)).containsExactlyElementsOf(every.subList(0,
                    half + 3));
            assertThat(CommandLog.readGroupsAfter(db.jdbi(), half, 5)).containsExactlyElementsOf(every.subList(half,
                    every.size()));

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < every.size(); i++) {
                long n = i + 1;
                String sequences = n == half + 1 ? "null null" : (10 * n) + " " + (10 * n + 2);
                expected.add(n + " " + every.get(i).timestamp() + " " + sequences + " true");
            }
            List<String> view = new ArrayList<>();
            List<Command> commands = every;
            db.jdbi().useHandle(h -> h.createQuery("SELECT command_number, timestamp_us, first_sequence,"
                            + " last_sequence, payload::text FROM command_log ORDER BY command_number")
                    .map((rs, ctx) -> rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " "
                            + rs.getString(4) + " " + h.createQuery("SELECT (:a)::jsonb = (:b)::jsonb")
                            .bind("a", rs.getString(5))
                            .bind("b", CommandLog.toJson(commands.get((int) rs.getLong(1) - 1)))
                            .mapTo(Boolean.class).one())
                    .forEach(view::add));
            assertThat(view).containsExactlyElementsOf(expected);
        }
    }

    private static void insertPacked(Database db, long first, List<Command> commands, boolean firstWithoutEvents) {
        CommandCodec.Writer out = new CommandCodec.Writer(64);
        for (int i = 0; i < commands.size(); i++) {
            long n = first + i;
            if (i == 0 && firstWithoutEvents) {
                CommandCodec.writeEntry(out, CommandCodec.NO_SEQUENCE, CommandCodec.NO_SEQUENCE, commands.get(i));
            } else {
                CommandCodec.writeEntry(out, 10 * n, 10 * n + 2, commands.get(i));
            }
        }
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO command_groups (first_command_number,"
                        + " last_command_number, packed) VALUES (:first, :last, :packed)")
                .bind("first", first).bind("last", first + commands.size() - 1).bind("packed", out.toByteArray())
                .execute());
    }
}
