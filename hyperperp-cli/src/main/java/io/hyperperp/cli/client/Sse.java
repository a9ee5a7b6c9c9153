package io.hyperperp.cli.client;

import io.hyperperp.cli.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads Server-Sent Events from a stream on a daemon thread, so the caller can wait with a
 * deadline ({@link #next(long)}) and stop at any time ({@link #close()}).
 */
final class Sse implements AutoCloseable {

    /** One event: {@code id} (may be null), {@code event} name ("message" by default) and data. */
    record Event(String id, String event, String data) {
    }

    private static final Event END = new Event(null, null, null);
    /** Longest event line and event data kept (a book snapshot is far smaller); past it the stream is ended. */
    static final int MAX_EVENT_CHARS = 16 << 20;
    /** Events read ahead of the caller; past it the reader waits, and TCP slows the server down. */
    private static final int READ_AHEAD = 4096;

    private final InputStream in;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(READ_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private volatile String failure;
    /** The last {@code retry:} the server sent (its reconnection delay, milliseconds), or -1. */
    private volatile long retryMillis = -1;

    Sse(InputStream in) {
        this.in = in;
        this.reader = new Thread(this::read, "hyperperp-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        // Bounded lines and a bounded queue: a server sending a line without end, or events faster than they are
        // printed, ran the client out of memory.
        try (LineReader r = new LineReader(new InputStreamReader(in, StandardCharsets.UTF_8), MAX_EVENT_CHARS,
                false)) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (r.tooLong() || data != null && data.length() + line.length() > MAX_EVENT_CHARS) {
                    failure = "the server sent an event longer than " + MAX_EVENT_CHARS + " characters";
                    return;
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        queue.put(new Event(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "retry" -> {
                        if (isDelay(value)) {
                            retryMillis = Long.parseLong(value);
                        }
                    }
                    case "event" -> event = value;
                    case "data" -> {
                        if (data == null) {
                            data = new StringBuilder(value);
                        } else {
                            data.append('\n').append(value);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the stream ended or was closed
        } finally {
            endOfStream();
        }
    }

    /** The SSE rule for {@code retry:}: ASCII digits only, else ignored (at most 18 here; the caller bounds it). */
    private static boolean isDelay(String value) {
        return !value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The next event, or null when the deadline ({@link System#nanoTime()} based) passed or the
     * stream ended ({@link #ended()} tells which).
     */
    Event next(long deadlineNanos) throws InterruptedException {
        if (ended) {
            return null;
        }
        long wait = deadlineNanos - System.nanoTime();
        Event e = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
        if (e == END) {
            ended = true;
            return null;
        }
        return e;
    }

    private volatile boolean ended;

    private void endOfStream() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            // closed by the caller, who reads no further
        }
    }

    /** Why the stream was ended by this reader (an event past the bound), or null. */
    String failure() {
        return failure;
    }

    /**
     * The reconnection delay the server asked for with {@code retry:} (milliseconds), or -1 when it sent none: a server
     * that ends a stream at its age bound sends one first, and a client reconnects and resumes.
     */
    long retryMillis() {
        return retryMillis;
    }

    /** Whether the server closed the stream. */
    boolean ended() {
        return ended && !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
    }
}
