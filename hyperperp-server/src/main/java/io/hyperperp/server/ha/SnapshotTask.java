package io.hyperperp.server.ha;

import io.hyperperp.jdbc.engine.LogRetention;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's log retention ({@code ha.snapshot_interval_secs}, {@code ha.kept_snapshots}): on its own thread,
 * off the engine's and the HA loop's, it stores an engine snapshot read from the state tables every interval and
 * then prunes the command log up to the oldest kept snapshot. A deposed leader doing one more round is harmless:
 * a snapshot is committed state whoever stores it, and pruning never passes the tables' command number.
 */
final class SnapshotTask implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTask.class);

    private final LogRetention retention;
    private final int keptSnapshots;
    private final ScheduledExecutorService executor;

    /**
     * Starts taking snapshots.
     *
     * @param intervalSecs  seconds between snapshots (the first one after one interval)
     * @param keptSnapshots snapshots to keep, pruning the log before the oldest; 0 = never prune
     */
    SnapshotTask(LogRetention retention, int intervalSecs, int keptSnapshots) {
        this.retention = retention;
        this.keptSnapshots = keptSnapshots;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hyperperp-ha-snapshots");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::round, intervalSecs, intervalSecs, TimeUnit.SECONDS);
    }

    private void round() {
        try {
            long begin = System.nanoTime();
            long at = retention.snapshot();
            if (keptSnapshots > 0) {
                LogRetention.Pruned pruned = retention.prune(keptSnapshots);
                LOG.info("Engine snapshot at command {} ({} ms); command log kept from command {}: {} groups and {}"
                                + " snapshots pruned", at, (System.nanoTime() - begin) / 1_000_000,
                        pruned.keptFromCommand() + 1, pruned.groups(), pruned.snapshots());
            } else {
                LOG.info("Engine snapshot at command {} ({} ms)", at, (System.nanoTime() - begin) / 1_000_000);
            }
        } catch (RuntimeException e) {
            // The next round tries again; the log is only pruned after a stored snapshot.
            LOG.warn("Engine snapshot or log pruning failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
