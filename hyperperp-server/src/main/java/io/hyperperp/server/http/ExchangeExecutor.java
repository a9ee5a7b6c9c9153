package io.hyperperp.server.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
    /**
     * The exchanges running now, by thread: the handler finds its own here (a thread-local would
     * give every virtual thread a map of its own), and the sweeper scans the values. One entry per
     * exchange, added when its thread starts and removed when it ends.
     */
    private final ConcurrentHashMap<Thread, Watch> running = new ConcurrentHashMap<>();
    private final ThreadFactory threads = Thread.ofVirtual().name("hyperperp-http").factory();
    private final Thread sweeper;
    private final AtomicLong headTimeouts = new AtomicLong();
    private volatile boolean closed;

    /** One exchange, run on its own thread: the task, its phase and the deadline of that phase. */
    private final class Watch implements Runnable {
        private static final VarHandle PHASE;

        static {
            try {
                PHASE = MethodHandles.lookup().findVarHandle(Watch.class, "phase", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Runnable exchange;
        private Thread thread;
        /** Changed through {@link #PHASE} only, read directly by the sweeper. */
        private volatile int phase = READING_HEAD;
        private volatile long deadline;

        Watch(Runnable exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            deadline = System.nanoTime() + headTimeoutNanos;
            running.put(thread, this);
            try {
                exchange.run();
            } finally {
                running.remove(thread);
            }
        }

        boolean advance(int from, int to) {
            return PHASE.compareAndSet(this, from, to);
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
        threads.newThread(new Watch(exchange)).start();
    }

    /**
     * Called by the handler once the JDK has read the head: stops the head clock. False when the
     * head came too late and the connection is already being closed.
     */
    public boolean headReceived() {
        Watch watch = running.get(Thread.currentThread());
        return watch == null || watch.advance(READING_HEAD, HANDLING);
    }

    /**
     * Runs {@code close}, the end of an exchange that answered with {@code Connection: close}, and
     * cuts the JDK's drain of the unread body short if the client stops sending for a second.
     */
    public void closeLingering(Runnable close) {
        Watch watch = running.get(Thread.currentThread());
        if (watch == null) {
            close.run();
            return;
        }
        // The deadline is set before the phase that makes the sweeper read it.
        watch.deadline = System.nanoTime() + LINGER_NANOS;
        if (!watch.advance(HANDLING, LINGERING)) {
            close.run();
            return;
        }
        try {
            close.run();
        } finally {
            watch.advance(LINGERING, HANDLING);
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
            for (Watch w : running.values()) {
                // The phase first: a deadline read after it is the one set for that phase.
                int phase = w.phase;
                if (phase != READING_HEAD && phase != LINGERING || now - w.deadline < 0) {
                    continue;
                }
                if (w.advance(phase, EXPIRED)) {
                    if (phase == READING_HEAD) {
                        headTimeouts.incrementAndGet();
                    }
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
