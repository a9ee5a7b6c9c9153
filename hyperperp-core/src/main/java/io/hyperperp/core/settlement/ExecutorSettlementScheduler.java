package io.hyperperp.core.settlement;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The production scheduler: the wall clock and one daemon thread. */
public final class ExecutorSettlementScheduler implements SettlementScheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExecutorSettlementScheduler.class.getName());

    private final ScheduledExecutorService executor;

    /** Starts the thread. */
    public ExecutorSettlementScheduler() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hyperperp-settlement");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            droppedAfterShutdown(e);
        }
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        try {
            executor.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            droppedAfterShutdown(e);
        }
    }

    /**
     * A timer or retry asked for while the scheduler stops (a server that could not bind its port closes at once):
     * it would never run anyway, and was logged as a failed settlement task with its stack trace.
     */
    private void droppedAfterShutdown(RejectedExecutionException e) {
        if (!executor.isShutdown()) {
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "settlement task not run: the scheduler is shut down");
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "settlement task failed", e);
            }
        };
    }

    /** Runs what is already queued, then stops (waiting at most {@code timeoutMillis}). */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            shutdown(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
