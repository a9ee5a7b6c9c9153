package io.hyperperp.jdbc.engine;

import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.EngineSnapshots;
import io.hyperperp.core.market.MarketRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps {@code command_groups} from growing forever: {@link #snapshot takes} engine snapshots ({@code
 * engine_snapshots}, V12) at known command numbers and {@link #prune prunes} the log up to the oldest snapshot it
 * keeps.
 *
 * <p>Nothing recovery or an HA follower needs is ever removed: both start from the state tables and read only the
 * log after them. The tables are the engine's state at {@code engine_state.last_command_number}, or, written behind
 * the log ({@link TablesMode#BEHIND}), at {@code read_model_watermark}: a snapshot is the tables' state at their own
 * command, never newer, and pruning never removes a group past the watermark (those groups are still to be
 * written into the tables, from the log). What pruning does remove is the ability to replay from command 1: a replay starts
 * from a kept snapshot ({@link #snapshotAtOrBefore}) and the log after it. Operators who need the full history
 * export it before pruning (docs/operations.md).
 *
 * <p>A snapshot is read from the tables in one repeatable-read transaction, on the caller's thread: it never
 * touches the engine thread or blocks the group commit.
 */
public final class LogRetention {

    /** A stored snapshot: the engine's state after command {@code lastCommandNumber}. */
    public record Snapshot(long lastCommandNumber, EngineImage image) {
    }

    /** What one {@link #prune} removed. */
    public record Pruned(long keptFromCommand, int groups, int snapshots) {
    }

    private final Jdbi jdbi;
    private final MarketRegistry markets;

    /**
     * @param jdbi    the database (migrated to V12 or later)
     * @param markets for markets whose row carries no spec (see {@link EngineRecovery})
     */
    public LogRetention(Jdbi jdbi, MarketRegistry markets) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.markets = Objects.requireNonNull(markets, "markets");
    }

    /**
     * Stores the state the tables hold now as a snapshot, at the tables' command (the watermark when they are
     * written behind the log); nothing when one at that command number exists.
     *
     * @return the command number of the snapshot
     */
    public long snapshot() {
        EngineRecovery.Positioned positioned = EngineRecovery.loadTablesPositioned(jdbi, markets);
        byte[] bytes = bytes(positioned.image());
        int version = ByteBuffer.wrap(bytes, 4, 4).getInt();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO engine_snapshots (last_command_number, format_version, image)"
                        + " VALUES (:n, :v, :image) ON CONFLICT (last_command_number) DO NOTHING")
                .bind("n", positioned.lastCommandNumber())
                .bind("v", version)
                .bind("image", bytes)
                .execute());
        return positioned.lastCommandNumber();
    }

    /**
     * Keeps the newest {@code keep} snapshots and the command log after the oldest of them; deletes older
     * snapshots and every group that ends at or before that snapshot, and never a group past
     * {@code read_model_watermark} (the tables written behind the log still need it). With fewer than {@code keep}
     * snapshots nothing is removed.
     *
     * @param keep snapshots to keep, at least 1
     */
    public Pruned prune(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one snapshot, got " + keep);
        }
        return jdbi.inTransaction(h -> {
            Optional<Long> oldestKept = h.createQuery("SELECT last_command_number FROM engine_snapshots"
                            + " ORDER BY last_command_number DESC OFFSET :skip LIMIT 1")
                    .bind("skip", keep - 1)
                    .mapTo(Long.class).findOne();
            if (oldestKept.isEmpty()) {
                return new Pruned(0, 0, 0);
            }
            long from = oldestKept.get();
            Long watermark = EngineRecovery.tablesWatermark(h);
            if (watermark != null && from > watermark) {
                // Snapshots are taken at the tables' command, so only one stored otherwise gets here: keep the log
                // from the newest snapshot the tables have reached (a start needs a snapshot right before the log).
                Optional<Long> reached = h.createQuery("SELECT max(last_command_number) FROM engine_snapshots"
                                + " WHERE last_command_number <= :w")
                        .bind("w", watermark).mapTo(Long.class).findOne();
                if (reached.isEmpty()) {
                    return new Pruned(0, 0, 0);
                }
                from = reached.get();
            }
            int snapshots = h.createUpdate("DELETE FROM engine_snapshots WHERE last_command_number < :n")
                    .bind("n", from).execute();
            int groups = h.createUpdate("DELETE FROM command_groups WHERE last_command_number <= :n")
                    .bind("n", from).execute();
            return new Pruned(from, groups, snapshots);
        });
    }

    /** @return the newest snapshot at or before command {@code commandNumber}, if one is kept */
    public Optional<Snapshot> snapshotAtOrBefore(long commandNumber) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_command_number, image FROM engine_snapshots"
                        + " WHERE last_command_number <= :n ORDER BY last_command_number DESC LIMIT 1")
                .bind("n", commandNumber)
                .map((rs, ctx) -> new Snapshot(rs.getLong(1), image(rs.getBytes(2))))
                .findOne());
    }

    /** @return the number of the first command still in the log, or empty when the log is empty */
    public Optional<Long> firstLoggedCommand() {
        return jdbi.withHandle(h -> h.createQuery("SELECT min(first_command_number) FROM command_groups")
                .mapTo(Long.class).findOne());
    }

    private static byte[] bytes(EngineImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            EngineSnapshots.write(image, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static EngineImage image(byte[] bytes) {
        try {
            return EngineSnapshots.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("engine_snapshots holds a snapshot this version cannot read: "
                    + e.getMessage(), e);
        }
    }
}
