package io.hyperperp.core.settlement;

import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hands committed groups to a {@link SettlementBatcher} at most once per {@code delayMillis}, on the
 * batcher's own scheduler, instead of once per group on the committing thread.
 *
 * <p>Why: a group is often a single order, and waking the settlement thread for each cost as much CPU
 * as a good part of the order itself; the engine's side is now an append to a list. Batches wait for
 * their size or their timeout anyway (a second or more), so a few milliseconds more change nothing.
 * Groups reach the batcher whole and in commit order.
 */
public final class SettlementHandOver implements GroupListener {

    private final SettlementBatcher batcher;
    private final SettlementScheduler scheduler;
    private final long delayMillis;
    private final Object lock = new Object();
    /** Groups committed since the last hand-over; null while no hand-over is scheduled. */
    private List<ProcessedGroup> pending;

    /**
     * A hand-over to {@code batcher}, which runs its work on {@code scheduler}.
     *
     * @param delayMillis longest wait of a group before the batcher sees it (0: as soon as the scheduler can)
     */
    public SettlementHandOver(SettlementBatcher batcher, SettlementScheduler scheduler, long delayMillis) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.delayMillis = delayMillis;
    }

    @Override
    public void onCommitted(ProcessedGroup group) {
        synchronized (lock) {
            if (pending != null) {
                pending.add(group);
                return;
            }
            pending = new ArrayList<>();
            pending.add(group);
        }
        if (delayMillis == 0) {
            scheduler.execute(this::handOver);
        } else {
            scheduler.schedule(this::handOver, delayMillis);
        }
    }

    /** Hands over what waits, then seals every open batch ({@link SettlementBatcher#flush()}). */
    public void flush() {
        // From the scheduler, so that the batcher's flush runs after the fills this hand-over queues.
        scheduler.execute(() -> {
            handOver();
            batcher.flush();
        });
    }

    private void handOver() {
        List<ProcessedGroup> groups;
        synchronized (lock) {
            groups = pending;
            pending = null;
        }
        if (groups != null) {
            for (ProcessedGroup group : groups) {
                batcher.onCommitted(group);
            }
        }
    }
}
