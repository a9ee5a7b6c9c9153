package io.hyperperp.core.settlement;

/**
 * Time and thread for the batcher. All batcher state changes run through {@link #execute}, so an
 * implementation that runs tasks one at a time makes the batcher single-threaded; tests use a
 * manual one to control time exactly.
 */
public interface SettlementScheduler {

    /** Current time, epoch milliseconds. */
    long nowMillis();

    /** Runs a task soon, in submission order with the other tasks. */
    void execute(Runnable task);

    /** Runs a task after a delay. */
    void schedule(Runnable task, long delayMillis);
}
