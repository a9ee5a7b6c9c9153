package io.hyperperp.server.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One SSE connection: its channels, a bounded queue of frames filled by the hub's dispatcher, and
 * the writer loop that runs on the client's own thread (heartbeats when idle).
 */
public final class StreamClient {

    private record Frame(long sequence, byte[] bytes) {
    }

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Set<String> channels;
    private final ArrayBlockingQueue<Frame> queue;
    private final int capacity;
    private volatile long startAfter = -1;
    private volatile boolean disconnected;

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

    /** Asks the writer loop to stop. */
    public void disconnect() {
        disconnected = true;
    }

    /** True once disconnected. */
    public boolean disconnected() {
        return disconnected;
    }

    /**
     * Writes queued frames (skipping those at or before {@link #startAfter()}) and heartbeats until
     * disconnected or the peer goes away.
     */
    public void pump(OutputStream out, long heartbeatMillis) throws IOException {
        long lastWrite = System.nanoTime();
        while (!disconnected) {
            Frame f;
            try {
                f = queue.poll(Math.min(heartbeatMillis, 500), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (f == null) {
                if (System.nanoTime() - lastWrite >= heartbeatMillis * 1_000_000L) {
                    out.write(HEARTBEAT);
                    out.flush();
                    lastWrite = System.nanoTime();
                }
                continue;
            }
            if (f.sequence() <= startAfter) {
                continue;
            }
            out.write(f.bytes());
            Frame more;
            while ((more = queue.poll()) != null) {
                if (more.sequence() > startAfter) {
                    out.write(more.bytes());
                }
            }
            out.flush();
            lastWrite = System.nanoTime();
        }
    }
}
