package io.hyperperp.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for the engine's answers (commands' results, queries) with a timeout, without a timer per wait. A request
 * thread that waits with {@code future.get(timeout)} is a virtual thread's timed park: the JDK schedules its wake-up
 * on the scheduler's delay thread and cancels it when the answer comes, and both wake that thread (about 10 µs per
 * order on a 2-core VM when every order waits for a group commit: docs/benchmarks.md, "Session 11: PostgreSQL").
 * Here a wait that is not over at once registers in a map and waits untimed on a copy of the future; one daemon
 * thread looks at the map every {@link #TICK_MILLIS} ms and fails the copies whose deadline passed. Registering and
 * leaving wake nobody; a timeout fires up to one tick late.
 */
final class EngineWaits {

    /** How often overdue waits are looked for. */
    static final long TICK_MILLIS = 50;

    private static final EngineWaits SHARED = new EngineWaits();

    /** Each waiting copy and its deadline ({@link System#nanoTime()}). */
    private final Map<CompletableFuture<?>, Long> waiting = new ConcurrentHashMap<>();

    private EngineWaits() {
        Thread sweeper = new Thread(this::sweep, "hyperperp-engine-waits");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /**
     * @return the future's value once it has one, waiting at most {@code timeoutMillis}
     * @throws TimeoutException     when it had none in time (up to one tick later)
     * @throws ExecutionException   when it completed exceptionally
     * @throws InterruptedException when the waiting thread was interrupted
     */
    static <T> T await(CompletableFuture<T> future, long timeoutMillis)
            throws TimeoutException, ExecutionException, InterruptedException {
        if (future.isDone()) {
            return future.get(); // in memory, a request usually processed its own command: no wait at all
        }
        return SHARED.awaitCopy(future, timeoutMillis);
    }

    private <T> T awaitCopy(CompletableFuture<T> future, long timeoutMillis)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<T> copy = future.copy(); // failing the copy leaves the engine's own future alone
        waiting.put(copy, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        try {
            return copy.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException t) {
                throw t;
            }
            throw e;
        } finally {
            waiting.remove(copy);
        }
    }

    private void sweep() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Map.Entry<CompletableFuture<?>, Long> e : waiting.entrySet()) {
                if (now - e.getValue() >= 0) {
                    e.getKey().completeExceptionally(new TimeoutException("no result in time"));
                }
            }
        }
    }
}
