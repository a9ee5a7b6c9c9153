package io.hyperperp.jdbc.engine;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Refuses to start on a command log that does not lead to the state tables. Every group commit writes its
 * {@code command_groups} row and moves {@code engine_state.last_command_number} in one transaction, and log
 * retention removes only whole groups up to a kept engine snapshot, so the log is always one run of consecutive
 * commands that ends at {@code engine_state} and starts at command 1 or right after a kept snapshot. Anything else
 * (a group row deleted or truncated, {@code engine_state} moved) means the log no longer replays to the state the
 * engine starts from: an HA follower or {@code replay} would find it later, on a running system; start-up names it.
 */
final class CommandLogCheck {

    /**
     * The first group that does not continue the one before it, or that is no range of commands at all (the table's
     * CHECK constraint for this went in V18: PostgreSQL re-read it at every commit, and this scan reads every row
     * anyway).
     */
    private static final String FIRST_GAP = "SELECT previous_last, first_command_number, last_command_number FROM ("
            + "SELECT first_command_number, last_command_number,"
            + " lag(last_command_number) OVER (ORDER BY first_command_number) AS previous_last"
            + " FROM command_groups) AS g"
            + " WHERE (previous_last IS NOT NULL AND first_command_number <> previous_last + 1)"
            + " OR first_command_number < 1 OR last_command_number < first_command_number"
            + " ORDER BY first_command_number LIMIT 1";

    private CommandLogCheck() {
    }

    /**
     * @param h                 the recovery's transaction (the same snapshot the image is read from)
     * @param lastCommandNumber {@code engine_state.last_command_number} read in it
     * @throws IllegalStateException naming the numbers when the log and {@code engine_state} disagree
     */
    static void requireConsistent(Handle h, long lastCommandNumber) {
        record Bounds(Long first, Long last) {
        }
        Bounds bounds = h.createQuery("SELECT min(first_command_number), max(last_command_number)"
                        + " FROM command_groups")
                .map((rs, ctx) -> new Bounds((Long) rs.getObject(1), (Long) rs.getObject(2)))
                .one();
        if (bounds.last() == null) {
            if (lastCommandNumber != 0 && !snapshotAt(h, lastCommandNumber)) {
                throw damaged("engine_state is at command " + lastCommandNumber + " but the command log"
                        + " (command_groups) is empty and no engine snapshot is at that command");
            }
            return;
        }
        if (bounds.last() != lastCommandNumber) {
            throw damaged("engine_state is at command " + lastCommandNumber + " but the command log"
                    + " (command_groups) ends at command " + bounds.last() + ": the state tables are "
                    + (bounds.last() < lastCommandNumber ? "ahead of" : "behind") + " the log");
        }
        Optional<long[]> gap = h.createQuery(FIRST_GAP)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .findOne();
        if (gap.isPresent()) {
            long previousLast = gap.get()[0];
            long next = gap.get()[1];
            long nextLast = gap.get()[2];
            if (next < 1 || nextLast < next) {
                throw damaged("the command log (command_groups) has a group from command " + next + " to command "
                        + nextLast + ", which is no range of commands");
            }
            throw damaged("the command log (command_groups) " + (next > previousLast
                    ? "has a gap: commands " + (previousLast + 1) + ".." + (next - 1) + " are missing"
                    : "has overlapping groups: the group from command " + next + " starts at or before command "
                            + previousLast + ", where the group before it ends"));
        }
        long first = bounds.first();
        if (first > 1 && !snapshotAt(h, first - 1)) {
            throw damaged("the command log (command_groups) starts at command " + first + " and no engine"
                    + " snapshot is at command " + (first - 1) + ": commands 1.." + (first - 1) + " are missing");
        }
    }

    /**
     * The tables written behind the log are at {@code watermark}: the log must hold every command after it up to
     * {@code lastCommandNumber} (its run of consecutive commands is checked by {@link #requireConsistent}).
     */
    static void requireReaches(Handle h, long watermark, long lastCommandNumber) {
        if (watermark > lastCommandNumber) {
            throw damaged("read_model_watermark is at command " + watermark + ", past engine_state's "
                    + lastCommandNumber + ": the tables are ahead of the log");
        }
        if (watermark == lastCommandNumber) {
            return;
        }
        Long first = h.createQuery("SELECT min(first_command_number) FROM command_groups")
                .mapTo(Long.class).one();
        if (first == null || first > watermark + 1) {
            throw damaged("the tables are at command " + watermark + " (read_model_watermark) but the command log"
                    + " (command_groups) starts at command " + first + ": commands " + (watermark + 1) + ".."
                    + (first == null ? lastCommandNumber : first - 1) + " cannot be replayed into them");
        }
        long boundary = h.createQuery("SELECT count(*) FROM command_groups WHERE last_command_number = :w")
                .bind("w", watermark).mapTo(Long.class).one();
        if (first <= watermark && boundary == 0) {
            throw damaged("read_model_watermark is at command " + watermark + ", which ends no group of the"
                    + " command log");
        }
    }

    private static boolean snapshotAt(Handle h, long commandNumber) {
        return h.createQuery("SELECT count(*) FROM engine_snapshots WHERE last_command_number = :n")
                .bind("n", commandNumber).mapTo(Long.class).one() > 0;
    }

    private static IllegalStateException damaged(String what) {
        return new IllegalStateException("damaged state in the database: " + what + "; refusing to start on it");
    }
}
