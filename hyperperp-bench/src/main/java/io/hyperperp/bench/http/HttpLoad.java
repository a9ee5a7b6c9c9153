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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One run of prepared requests against a server over keep-alive connections, with two threads whatever the number
 * of connections: one selector thread reads every answer, and with a rate the calling thread sends.
 *
 * <p>Flat out (rate 0) the selector thread sends each connection's next request as soon as its answer is read
 * (closed loop). With a rate the run is open-loop: request i is due at {@code start + i / rate} whatever happened
 * before; the sender sleeps until then, takes an idle connection (waiting for one if every connection has a request
 * in flight) and writes; the latency counts from the due time, so a stalled server is charged for every request it
 * made wait (no coordinated omission), and so is a late sender: how late the sender itself was is reported beside
 * the latencies ({@link Result#sendLags()}), so that the generator's share of a tail can be told from the server's.
 *
 * <p>Everything a run needs is prepared before its clock starts (each request's bytes, the buffers, the
 * latency arrays) and a full collection runs first, so the generator allocates nothing and collects nothing
 * while it measures. A thread per connection (as before) cost a thread wake-up and a context switch per request
 * on the two cores the server needs.
 */
final class HttpLoad {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** Counted once per accepted order result of an answer ({@code OrderResultJson}). */
    private static final byte[] RESULT_MARKER = "\"cancel_reason\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a run measured: wall time, latencies sorted in nanoseconds, how late the sender sent each request
     * (sorted; zeros flat out), how many requests found every connection busy when they were due (the server was
     * behind by a whole connection pool: the rest of their lateness is the sender's own), the requests not answered
     * as expected, and the CPU this process (the load generator) used meanwhile.
     */
    record Result(long elapsedNanos, long[] latencies, long[] sendLags, long waitedForConnection, long errors,
                  long clientCpuNanos) {

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

    private final InetSocketAddress address;
    private final ByteBuffer[] requests;
    private final LoadConnection[] connections;
    private final ArrayBlockingQueue<LoadConnection> idle;
    private final long[] latencies;
    private final long[] sendLags;
    private final double rate;
    private final int resultsPerAnswer;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final Selector selector;
    private long errors;
    private long waitedForConnection; // written by the sender only, read after it is joined
    private int answered;
    private int nextClosedLoop;
    private volatile long start;

    private HttpLoad(URI base, String path, List<byte[]> bodies, int connectionCount, double rate,
                     int resultsPerAnswer) throws IOException {
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : 80;
        this.address = new InetSocketAddress(host, port);
        this.requests = new ByteBuffer[bodies.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = ByteBuffer.wrap(request(host + ":" + port, path, bodies.get(i)));
        }
        byte[] marker = resultsPerAnswer > 0 ? RESULT_MARKER : null;
        this.connections = new LoadConnection[connectionCount];
        this.idle = new ArrayBlockingQueue<>(connectionCount);
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
            idle.add(c);
        }
        System.gc(); // what preparing the requests left behind is collected now, not while the clock runs
        long pid = ProcessHandle.current().pid();
        long cpu0 = ProcCpu.nanos(pid);
        start = System.nanoTime() + 1_000_000;
        Thread sender = null;
        if (rate > 0) {
            sender = Thread.ofPlatform().name("load-sender").start(this::sendOnSchedule);
        } else {
            while (System.nanoTime() < start) {
                LockSupport.parkNanos(100_000);
            }
            for (int c = 0; c < connections.length && nextClosedLoop < requests.length; c++) {
                sendNow(idle.poll(), nextClosedLoop++);
            }
        }
        receive();
        if (sender != null) {
            sender.join();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ProcCpu.nanos(pid) - cpu0;
        Arrays.sort(latencies);
        Arrays.sort(sendLags);
        return new Result(elapsed, latencies, sendLags, waitedForConnection, errors, cpu);
    }

    /** The open loop's sender: each request at its due time on an idle connection. */
    private void sendOnSchedule() {
        double interval = 1e9 / rate;
        for (int i = 0; i < requests.length && !aborted.get(); i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            LoadConnection c = idle.poll();
            if (c == null) {
                waitedForConnection++;
            }
            try {
                while (c == null && (c = idle.poll(100, TimeUnit.MILLISECONDS)) == null) {
                    if (aborted.get()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sendLags[i] = System.nanoTime() - due;
            send(c, i, due);
        }
    }

    private void sendNow(LoadConnection c, int i) {
        send(c, i, System.nanoTime());
    }

    private void send(LoadConnection c, int i, long due) {
        c.due = due;
        c.request = i;
        try {
            c.send(requests[i]);
        } catch (IOException e) {
            // the selector thread sees the broken connection, counts the error and reconnects
            selector.wakeup();
        }
    }

    /** The selector thread: reads answers until every request is answered or nothing arrives for the timeout. */
    private void receive() throws IOException {
        long lastProgress = System.nanoTime();
        Consumer<SelectionKey> onReady = this::onReady; // one lambda for the run, not one per select
        while (answered < requests.length) {
            int before = answered;
            try {
                selector.select(onReady, 100);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            long now = System.nanoTime();
            if (answered != before) {
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)) {
                abort(now);
                return;
            }
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
            if (failed && idle.remove(c)) { // unless the sender has just taken it: its answer will tell
                c.open(selector, TIMEOUT_MILLIS);
                idle.add(c);
            } else if (failed && rate == 0) {
                c.close(); // a closed loop done with this connection: no more readiness at end of stream
            }
            return;
        }
        latencies[i] = System.nanoTime() - c.due;
        answered++;
        c.request = -1;
        if (failed || c.closeRequested()) {
            c.open(selector, TIMEOUT_MILLIS);
        }
        if (rate > 0) {
            idle.add(c);
        } else if (nextClosedLoop < requests.length) {
            sendNow(c, nextClosedLoop++);
        }
    }

    /** Nothing arrived for the timeout: every request not answered is an error, latency counted up to now. */
    private void abort(long now) {
        aborted.set(true);
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
