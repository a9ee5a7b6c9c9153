package io.hyperperp.jdbc.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's stop when the JVM exits without closing it: a JVM shutdown hook, in place of zonky's own,
 * which stops PostgreSQL at once. Not API.
 *
 * <p>Why not zonky's: the JVM runs its shutdown hooks concurrently. An owner that closes its database from a hook of
 * its own ({@code serve} on SIGTERM: drain the requests, commit the engine's queue, flush settlement, then close)
 * had PostgreSQL stopped under it in the first milliseconds: its last commits failed and its pool logged broken
 * connections. After {@link #awaitOwner(Duration)} this hook first waits up to that long for the owner's close, and
 * stops the server itself only if the close has not come by then (an owner that hangs does not keep PostgreSQL
 * running after the JVM). Without the call it stops the server at once, as zonky's did, for owners that never
 * close.
 */
final class StopAtExit {

    private static final Logger LOG = LoggerFactory.getLogger(StopAtExit.class);

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private volatile long ownerGraceNanos;

    /**
     * Registers the hook.
     *
     * @param stop stops the server (the server's idempotent close)
     * @param name the hook thread's name
     */
    StopAtExit(Runnable stop, String name) {
        this.hook = new Thread(() -> {
            awaitOwnerClose();
            stop.run();
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** From now on the hook waits up to {@code grace} for the owner's close before it stops the server. */
    void awaitOwner(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        ownerGraceNanos = grace.toNanos();
    }

    /** The server is closed (by its owner or by this hook): the hook has nothing left to do. */
    void closed() {
        closed.countDown();
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs, finds the server closed and returns
            }
        }
    }

    private void awaitOwnerClose() {
        long grace = ownerGraceNanos;
        if (grace == 0) {
            return;
        }
        try {
            if (!closed.await(grace, TimeUnit.NANOSECONDS)) {
                LOG.warn("The JVM is exiting and the embedded PostgreSQL's owner has not closed it within {} s:"
                        + " stopping it now", TimeUnit.NANOSECONDS.toSeconds(grace));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
