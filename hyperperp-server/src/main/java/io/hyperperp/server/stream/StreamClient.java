package io.hyperperp.server.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One SSE connection: its channels, a bounded queue of frames filled by the hub's dispatcher, and
 * the writer loop that runs on the client's own thread (heartbeats when idle).
 */
public final class StreamClient {

    private record Frame(long sequence, byte[] bytes) {
    }

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    /**
     * How long a client should wait before it reconnects after a stream ended at its age bound
     * ({@code retry:}, which a browser's {@code EventSource} takes as its reconnection delay).
     */
    public static final long RECONNECT_MILLIS = 1_000;
    /**
     * What a stream ended at its age bound writes last: the reconnection delay, with a comment saying why. Neither line
     * dispatches an event; the client reconnects with {@code Last-Event-ID} and resumes.
     */
    private static final byte[] AGED_OUT = (": stream age bound reached; reconnect with Last-Event-ID\nretry: "
            + RECONNECT_MILLIS + "\n\n").getBytes(StandardCharsets.US_ASCII);
    /** Longest the writer loop waits for a frame before it looks at the heartbeat clock and a probe again. */
    private static final long POLL_MILLIS = 500;
    /**
     * Time between a probe's two heartbeats. The first write after the peer closed still succeeds (the
     * peer's reset comes back one round trip later); the second then fails. A peer farther away than
     * this is not found by one probe, but is by the next: its reset has arrived by then.
     */
    static final long PROBE_GAP_MILLIS = 250;

    private final Set<String> channels;
    private final ArrayBlockingQueue<Frame> queue;
    private final int capacity;
    private volatile long startAfter = -1;
    private volatile boolean disconnected;
    /** When the write under way started ({@link System#nanoTime()}, never 0), or 0 while none is. */
    private volatile long writingSince;
    /** The thread running {@link #pump}, once it runs. */
    private volatile Thread writer;
    /** Longest a write may take: two heartbeat intervals, set by {@link #pump}. */
    private volatile long writeBoundNanos = Long.MAX_VALUE;
    /** Set once a stalled write has been interrupted: the stream is ending, it is not ended (or counted) twice. */
    private volatile boolean writeAborted;
    /** The probe asked for and not yet answered, or null. */
    private CompletableFuture<Void> probe;
    /** Set by {@link #ended()}. */
    private boolean ended;

    /** A client of the given channels with a queue of {@code capacity} frames. */
    public StreamClient(Set<String> channels, int capacity) {
        this.channels = Set.copyOf(channels);
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    boolean wants(String[] eventChannels) {
        for (String c : eventChannels) {
            if (channels.contains(c)) {
                return true;
            }
        }
        return false;
    }

    int capacity() {
        return capacity;
    }

    long startAfter() {
        return startAfter;
    }

    /** Frames up to and including this sequence are not sent (they are in the snapshot). */
    public void startAfter(long sequence) {
        this.startAfter = sequence;
    }

    boolean offer(long sequence, byte[] frame) {
        return !disconnected && queue.offer(new Frame(sequence, frame));
    }

    /**
     * Asks the writer loop to write two heartbeats {@link #PROBE_GAP_MILLIS} apart, so that a stream
     * whose client has closed ends (its write fails) and gives its slot back. The answer completes
     * after the second heartbeat or at {@link #ended()}, whichever comes first.
     */
    public synchronized CompletableFuture<Void> probe() {
        if (ended) {
            return CompletableFuture.completedFuture(null);
        }
        if (probe == null) {
            probe = new CompletableFuture<>();
        }
        return probe;
    }

    private synchronized CompletableFuture<Void> askedProbe() {
        return probe;
    }

    private synchronized void probeAnswered(CompletableFuture<Void> answered) {
        if (probe == answered) {
            probe = null;
        }
        answered.complete(null);
    }

    /** Asks the writer loop to stop. */
    public void disconnect() {
        disconnected = true;
    }

    /**
     * Called by the stream's owner once the stream has ended and its slot is given back: a probe
     * waiting for it is answered, and later ones are answered at once.
     */
    public void ended() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            ended = true;
            disconnected = true;
            waiting = probe;
            probe = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /**
     * Ends the stream if a write of it has been under way longer than two heartbeat intervals: its peer takes nothing
     * (it vanished without a FIN, or reads nothing) and the socket's buffers are full, so neither a heartbeat nor a
     * probe can reach it, and only TCP giving up would end the write. Interrupting the writer closes the connection
     * (the JDK server writes to an interruptible channel); its handler then gives the slot back.
     *
     * @return true when the stream was ended now
     */
    boolean endIfWriteStalled(long nowNanos) {
        long since = writingSince;
        Thread thread = writer;
        if (since == 0 || thread == null || writeAborted || nowNanos - since < writeBoundNanos) {
            return false;
        }
        writeAborted = true;
        disconnected = true;
        thread.interrupt();
        return true;
    }

    /** True once disconnected. */
    public boolean disconnected() {
        return disconnected;
    }

    /**
     * Writes queued frames (skipping those at or before {@link #startAfter()}) and heartbeats until
     * disconnected, the peer goes away, or the stream is {@code maxAgeMillis} old.
     *
     * @param maxAgeMillis the stream's age bound (0: none): a peer that vanished without a FIN while the stream is
     *                     quiet is not found by a heartbeat (the kernel buffers the write), so without a bound its
     *                     stream would keep its slot until TCP gives up; past it the stream ends with a
     *                     {@code retry:} hint, and a live client reconnects and resumes
     * @return true when the stream ended at its age bound
     */
    public boolean pump(OutputStream out, long heartbeatMillis, long maxAgeMillis) throws IOException {
        writeBoundNanos = 2 * heartbeatMillis * 1_000_000L;
        writer = Thread.currentThread();
        long lastWrite = System.nanoTime();
        long endAt = lastWrite + maxAgeMillis * 1_000_000L;
        CompletableFuture<Void> probing = null;
        long probeEnd = 0;
        while (!disconnected) {
            if (maxAgeMillis > 0 && System.nanoTime() - endAt >= 0) {
                writeNow(out, AGED_OUT);
                return true;
            }
            long wait = Math.min(heartbeatMillis, POLL_MILLIS);
            if (probing == null && (probing = askedProbe()) != null) {
                heartbeat(out);
                lastWrite = System.nanoTime();
                probeEnd = lastWrite + PROBE_GAP_MILLIS * 1_000_000L;
            }
            if (probing != null) {
                wait = Math.max(1, Math.min(wait, (probeEnd - System.nanoTime()) / 1_000_000L));
            }
            Frame f;
            try {
                f = queue.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (probing != null && System.nanoTime() - probeEnd >= 0) {
                // Still here after the second write: the peer is there (or too far away to tell yet).
                heartbeat(out);
                lastWrite = System.nanoTime();
                probeAnswered(probing);
                probing = null;
            }
            if (f == null) {
                if (System.nanoTime() - lastWrite >= heartbeatMillis * 1_000_000L) {
                    heartbeat(out);
                    lastWrite = System.nanoTime();
                }
                continue;
            }
            if (f.sequence() <= startAfter) {
                continue;
            }
            writingSince = System.nanoTime() | 1;
            out.write(f.bytes());
            Frame more;
            while ((more = queue.poll()) != null) {
                if (more.sequence() > startAfter) {
                    out.write(more.bytes());
                }
            }
            out.flush();
            writingSince = 0;
            lastWrite = System.nanoTime();
        }
        return false;
    }

    private void heartbeat(OutputStream out) throws IOException {
        writeNow(out, HEARTBEAT);
    }

    /** Writes and flushes {@code bytes}, under the write bound ({@link #endIfWriteStalled}). */
    private void writeNow(OutputStream out, byte[] bytes) throws IOException {
        writingSince = System.nanoTime() | 1;
        out.write(bytes);
        out.flush();
        writingSince = 0;
    }
}
