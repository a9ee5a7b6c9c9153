package io.hyperperp.server.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs each exchange of the JDK HTTP server on a virtual thread of its own, so a slow client or a
 * request waiting for its commit holds no platform thread, and bounds the two phases that the JDK
 * server reads without asking us: the request head and the drain after a closing answer.
 *
 * <p>The JDK server hands an exchange to the executor as soon as the first byte of a request
 * arrives, then reads the request line and headers on that thread. If our handler has not been
 * reached within the head timeout, a sweeper interrupts the thread: the JDK reads from an
 * interruptible channel, so the interrupt closes the connection and the JDK gives up on it. The
 * same sweeper ends the drain that the JDK does after a {@code Connection: close} answer when the
 * client stops sending (after {@code Expect: 100-continue} and an early 413, for instance).
 */
public final class ExchangeExecutor implements Executor, AutoCloseable {

    private static final int READING_HEAD = 0;
    private static final int HANDLING = 1;
    private static final int LINGERING = 2;
    private static final int EXPIRED = 3;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long headTimeoutNanos;
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Watch> current = new ThreadLocal<>();
    private final ThreadFactory threads = Thread.ofVirtual().name("hyperperp-http").factory();
    private final Thread sweeper;
    private final AtomicLong headTimeouts = new AtomicLong();
    private volatile boolean closed;

    /** One exchange: its thread, its phase and the deadline of that phase. */
    private static final class Watch {
        final Thread thread;
        final AtomicInteger phase = new AtomicInteger(READING_HEAD);
        volatile long deadline;

        Watch(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }
    }

    /** An executor whose exchanges must deliver their request head within the timeout. */
    public ExchangeExecutor(long headTimeoutMillis) {
        if (headTimeoutMillis <= 0) {
            throw new IllegalArgumentException("head timeout must be positive");
        }
        this.headTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headTimeoutMillis);
        long tick = Math.max(10, Math.min(250, headTimeoutMillis / 10));
        this.sweeper = Thread.ofPlatform().daemon().name("hyperperp-http-sweeper").unstarted(() -> sweep(tick));
        sweeper.start();
    }

    @Override
    public void execute(Runnable exchange) {
        if (closed) {
            throw new RejectedExecutionException("the HTTP server is stopping");
        }
        threads.newThread(() -> run(exchange)).start();
    }

    private void run(Runnable exchange) {
        Watch watch = new Watch(Thread.currentThread(), System.nanoTime() + headTimeoutNanos);
        watched.add(watch);
        current.set(watch);
        try {
            exchange.run();
        } finally {
            watched.remove(watch);
        }
    }

    /**
     * Called by the handler once the JDK has read the head: stops the head clock. False when the
     * head came too late and the connection is already being closed.
     */
    public boolean headReceived() {
        Watch watch = current.get();
        if (watch == null) {
            return true;
        }
        watched.remove(watch);
        return watch.phase.compareAndSet(READING_HEAD, HANDLING);
    }

    /**
     * Runs {@code close}, the end of an exchange that answered with {@code Connection: close}, and
     * cuts the JDK's drain of the unread body short if the client stops sending for a second.
     */
    public void closeLingering(Runnable close) {
        Watch watch = current.get();
        if (watch == null || !watch.phase.compareAndSet(HANDLING, LINGERING)) {
            close.run();
            return;
        }
        watch.deadline = System.nanoTime() + LINGER_NANOS;
        watched.add(watch);
        try {
            close.run();
        } finally {
            watched.remove(watch);
            watch.phase.compareAndSet(LINGERING, HANDLING);
            // A sweep that fired during close leaves the flag set; this thread ends right after.
            Thread.interrupted();
        }
    }

    /** Connections closed because their request head did not arrive in time. */
    public long headTimeouts() {
        return headTimeouts.get();
    }

    private void sweep(long tickMillis) {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watched) {
                if (now - w.deadline < 0) {
                    continue;
                }
                if (w.phase.compareAndSet(READING_HEAD, EXPIRED)) {
                    headTimeouts.incrementAndGet();
                    watched.remove(w);
                    w.thread.interrupt();
                } else if (w.phase.compareAndSet(LINGERING, EXPIRED)) {
                    watched.remove(w);
                    w.thread.interrupt();
                }
            }
        }
    }

    /** Stops the sweeper; exchanges already running finish on their threads. */
    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
    }
}
