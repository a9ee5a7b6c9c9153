package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A virtual clock for deterministic tests. {@link #execute} queues a task due now, {@link #schedule}
 * one due after a delay; nothing runs until {@link #runUntilIdle()} or {@link #advance(long)},
 * which run tasks in (due time, submission) order. Single-threaded use only.
 */
public final class ManualScheduler implements SettlementScheduler {

    private record Task(long due, long seq, Runnable runnable) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final List<Long> delays = new ArrayList<>();
    private long now;
    private long seq;

    /** A clock starting at {@code startMillis}. */
    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    /** A clock starting at 1,700,000,000,000 ms. */
    public ManualScheduler() {
        this(1_700_000_000_000L);
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, seq++, task));
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        delays.add(delayMillis);
        queue.add(new Task(now + Math.max(0, delayMillis), seq++, task));
    }

    /** Runs every task due now, including those they queue for now. Returns how many ran. */
    public int runUntilIdle() {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().due <= now) {
            queue.poll().runnable.run();
            ran++;
        }
        return ran;
    }

    /** Moves the clock forward, running each task due on the way at its due time. */
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time does not go back");
        }
        long target = now + millis;
        runUntilIdle();
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Task task = queue.poll();
            now = Math.max(now, task.due);
            task.runnable.run();
        }
        now = target;
        runUntilIdle();
    }

    /** Runs everything queued, moving the clock to each due time, until nothing is left (or a bound). */
    public void runAll(long maxMillis) {
        long limit = now + maxMillis;
        runUntilIdle();
        while (!queue.isEmpty() && queue.peek().due <= limit) {
            advance(queue.peek().due - now);
        }
    }

    /** Tasks not yet run. */
    public int pending() {
        return queue.size();
    }

    /** Every delay passed to {@link #schedule}, in call order. */
    public List<Long> scheduledDelays() {
        return delays;
    }
}
