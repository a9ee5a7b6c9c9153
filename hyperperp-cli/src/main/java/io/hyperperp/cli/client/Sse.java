package io.hyperperp.cli.client;

import java.io.BufferedReader;
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

    private final InputStream in;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    Sse(InputStream in) {
        this.in = in;
        this.reader = new Thread(this::read, "hyperperp-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        queue.add(new Event(id, event == null ? "message" : event, data.toString()));
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
        } catch (IOException e) {
            // the stream ended or was closed
        } finally {
            queue.add(END);
        }
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
