package io.hyperperp.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One run of prepared requests against a server over keep-alive connections, on one thread whatever the number of
 * connections: the calling thread writes every request and reads every answer over one selector.
 *
 * <p>Flat out (rate 0) each connection's next request is written as soon as its answer is read (closed loop). With a
 * rate the run is open-loop: request i is due at {@code start + i / rate} whatever happened before; the loop sleeps
 * until the next request is due (reading the answers that arrive meanwhile), writes every request due on an idle
 * connection (waiting for one if every connection has a request in flight) and reads what has arrived; the latency
 * counts from the due time, so a stalled server is charged for every request it made wait (no coordinated
 * omission), and so is a late sender: how late the loop itself was is reported beside the latencies
 * ({@link Result#sendLags()}), so that the generator's share of a tail can be told from the server's.
 *
 * <p>Why one thread: a sender thread beside a reader thread (session 7's design) cost the generator two wake-ups per
 * request and a hand-off of each connection between them, on the two cores the server needs. Here a request costs one
 * wake-up (a short {@code parkNanos} to its due time; {@code select} with a millisecond timeout only for longer
 * waits), one write and one non-blocking read. The price: an answer that arrives while the loop sleeps is read when it
 * wakes, so a latency can be over-counted by up to the time to the next due request (the interval, 1 / rate; at most
 * about a millisecond at low rates).
 *
 * <p>Everything a run needs is prepared before its clock starts (each request's bytes, the buffers, the
 * latency arrays) and a full collection runs first, so the generator allocates nothing and collects nothing
 * while it measures.
 */
final class HttpLoad {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** Waits at least this long are spent in {@code select} (millisecond timeouts); shorter ones in parkNanos. */
    private static final long SELECT_WAIT_NANOS = 1_200_000;

    /** Counted once per accepted order result of an answer ({@code OrderResultJson}). */
    private static final byte[] RESULT_MARKER = "\"cancel_reason\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a run measured: wall time, latencies sorted in nanoseconds, how late the sender sent each request
     * (sorted; zeros flat out), how many requests found every connection busy when they were due (the server was
     * behind by a whole connection pool; their lateness counts from when a connection was free again, the wait for
     * it being the server's), the requests not answered as expected, the CPU this process (the load generator)
     * used meanwhile, and per request in the order sent (for a timeline): its due time ({@code System.nanoTime()},
     * the clock of the JVM's {@code timenanos} log decorator), latency and lateness.
     */
    record Result(long elapsedNanos, long[] latencies, long[] sendLags, long waitedForConnection, long errors,
                  long clientCpuNanos, long[] dueTimes, long[] latenciesBySend, long[] sendLagsBySend) {

        double requestsPerSecond() {
            return latencies.length * 1e9 / Math.max(1, elapsedNanos);
        }

        /** The latency at percentile {@code p} (0-100), nearest rank. */
        long percentile(double p) {
            return percentile(latencies, p);
        }

        /** How late the sender was at percentile {@code p}. */
        long sendLagPercentile(double p) {
            return percentile(sendLags, p);
        }

        private static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    private final ByteBuffer[] requests;
    private final LoadConnection[] connections;
    /** Connections with nothing in flight, the most recently freed on top (its socket's buffers are warm). */
    private final LoadConnection[] idle;
    private final long[] latencies;
    private final long[] sendLags;
    private final double rate;
    private final int resultsPerAnswer;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::onReady; // one lambda for the run, not one per select
    private int idleCount;
    private long errors;
    private long waitedForConnection;
    private int answered;
    private int nextClosedLoop;
    private boolean aborted;
    private long start;

    private HttpLoad(URI base, String path, List<byte[]> bodies, int connectionCount, double rate,
                     int resultsPerAnswer) throws IOException {
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : 80;
        InetSocketAddress address = new InetSocketAddress(host, port);
        this.requests = new ByteBuffer[bodies.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = ByteBuffer.wrap(request(host + ":" + port, path, bodies.get(i)));
        }
        byte[] marker = resultsPerAnswer > 0 ? RESULT_MARKER : null;
        this.connections = new LoadConnection[connectionCount];
        this.idle = new LoadConnection[connectionCount];
        this.selector = Selector.open();
        for (int c = 0; c < connectionCount; c++) {
            connections[c] = new LoadConnection(address, marker);
        }
        this.latencies = new long[requests.length];
        this.sendLags = new long[requests.length];
        this.rate = rate;
        this.resultsPerAnswer = resultsPerAnswer;
    }

    /**
     * Sends every body once, {@code connections} at a time, at {@code rate} requests/s (0: flat out);
     * {@code resultsPerAnswer} &gt; 0: each answer must hold that many accepted order results.
     */
    static Result run(URI base, String path, List<byte[]> bodies, int connections, double rate, int resultsPerAnswer)
            throws Exception {
        HttpLoad load = new HttpLoad(base, path, bodies, connections, rate, resultsPerAnswer);
        try {
            return load.run();
        } finally {
            load.closeAll();
        }
    }

    private static byte[] request(String hostHeader, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private Result run() throws Exception {
        for (LoadConnection c : connections) {
            c.open(selector, TIMEOUT_MILLIS);
            idle[idleCount++] = c;
        }
        System.gc(); // what preparing the requests left behind is collected now, not while the clock runs
        long pid = ProcessHandle.current().pid();
        long cpu0 = ProcCpu.nanos(pid);
        start = System.nanoTime() + 1_000_000;
        while (System.nanoTime() < start) {
            LockSupport.parkNanos(100_000);
        }
        if (rate > 0) {
            openLoop();
        } else {
            closedLoop();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ProcCpu.nanos(pid) - cpu0;
        long[] dueTimes = new long[requests.length];
        double interval = rate > 0 ? 1e9 / rate : 0;
        for (int i = 0; i < dueTimes.length; i++) {
            dueTimes[i] = start + (long) (i * interval); // flat out: the run's start (no schedule)
        }
        long[] bySend = latencies.clone();
        long[] lagsBySend = sendLags.clone();
        Arrays.sort(latencies);
        Arrays.sort(sendLags);
        return new Result(elapsed, latencies, sendLags, waitedForConnection, errors, cpu, dueTimes, bySend,
                lagsBySend);
    }

    /** Flat out: every connection's next request as soon as its answer is read. */
    private void closedLoop() throws IOException {
        while (idleCount > 0 && nextClosedLoop < requests.length) {
            send(idle[--idleCount], nextClosedLoop, System.nanoTime());
            nextClosedLoop++;
        }
        long lastProgress = System.nanoTime();
        while (answered < requests.length && !aborted) {
            lastProgress = select(100, lastProgress);
        }
    }

    /** The open loop: each request written at its due time on an idle connection; answers read in between. */
    private void openLoop() throws IOException {
        double interval = 1e9 / rate;
        int next = 0;
        int lastWaited = -1;
        long lastProgress = System.nanoTime();
        while (answered < requests.length && !aborted) {
            long now = System.nanoTime();
            long due = next < requests.length ? start + (long) (next * interval) : Long.MAX_VALUE;
            while (due <= now && idleCount > 0) {
                LoadConnection c = idle[--idleCount];
                // a request that waited for a free connection waited for the server: the sender's own lateness
                // counts from when the connection was read free
                sendLags[next] = now - Math.max(due, c.freedAt);
                send(c, next, due);
                next++;
                now = System.nanoTime();
                due = next < requests.length ? start + (long) (next * interval) : Long.MAX_VALUE;
            }
            if (due <= now && lastWaited != next) {
                waitedForConnection++; // due, and every connection has a request in flight
                lastWaited = next;
            }
            lastProgress = select(-1, lastProgress);
            long wait = due - System.nanoTime();
            if (wait <= 0 && idleCount > 0) {
                continue;
            }
            if (due == Long.MAX_VALUE || idleCount == 0) {
                lastProgress = select(due == Long.MAX_VALUE ? 100 : 1, lastProgress); // until an answer arrives
            } else if (wait >= SELECT_WAIT_NANOS) {
                // an answer arriving meanwhile is read at once; the timeout ends before the due time
                lastProgress = select((wait - SELECT_WAIT_NANOS) / 1_000_000 + 1, lastProgress);
            } else {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /**
     * Reads the answers that have arrived, waiting up to {@code timeoutMillis} for one (-1: not at all); aborts the
     * run when nothing has arrived for the timeout.
     *
     * @return when an answer was last read
     */
    private long select(long timeoutMillis, long lastProgress) throws IOException {
        int before = answered;
        try {
            if (timeoutMillis < 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, timeoutMillis);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long now = System.nanoTime();
        if (answered != before) {
            return now;
        }
        if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)) {
            abort(now);
        }
        return lastProgress;
    }

    private void send(LoadConnection c, int i, long due) {
        c.due = due;
        c.request = i;
        try {
            c.send(requests[i]);
        } catch (IOException e) {
            // the read sees the broken connection, counts the error and reconnects
        }
    }

    private void onReady(SelectionKey key) {
        if (key.isValid() && key.isReadable()) {
            try {
                answer((LoadConnection) key.attachment());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a reconnect failed: the run cannot go on
            }
        }
    }

    /** Reads from {@code c}; when that completes an answer (or fails), the request in flight is done. */
    private void answer(LoadConnection c) throws IOException {
        int i = c.request;
        boolean failed = false;
        try {
            if (!c.read()) {
                return;
            }
            if (i >= 0 && (c.lastStatus < 200 || c.lastStatus >= 300
                    || resultsPerAnswer > 0 && c.lastMarkers != resultsPerAnswer)) {
                errors++;
            }
        } catch (IOException e) {
            failed = true;
            if (i >= 0) {
                errors++;
            }
        }
        if (i < 0) { // nothing in flight: the server closed an idle connection (or sent something unasked)
            if (failed && rate > 0) {
                c.open(selector, TIMEOUT_MILLIS); // it stays where it is among the idle ones
            } else if (failed) {
                c.close(); // a closed loop done with this connection: no more readiness at end of stream
            }
            return;
        }
        long now = System.nanoTime();
        latencies[i] = now - c.due;
        answered++;
        c.request = -1;
        c.freedAt = now;
        if (failed || c.closeRequested()) {
            c.open(selector, TIMEOUT_MILLIS);
        }
        if (rate > 0) {
            idle[idleCount++] = c;
        } else if (nextClosedLoop < requests.length) {
            send(c, nextClosedLoop++, now);
        }
    }

    /** Nothing arrived for the timeout: every request not answered is an error, latency counted up to now. */
    private void abort(long now) {
        aborted = true;
        for (LoadConnection c : connections) {
            int i = c.request;
            if (i >= 0) {
                latencies[i] = now - c.due;
            }
        }
        errors += requests.length - answered;
    }

    private void closeAll() {
        for (LoadConnection c : connections) {
            c.close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
