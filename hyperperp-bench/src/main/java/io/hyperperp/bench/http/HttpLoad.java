package io.hyperperp.bench.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of prepared requests against a server over keep-alive connections, one platform thread each.
 * Flat out (rate 0) every connection sends its next request when the answer arrives (closed loop). With a
 * rate the run is open-loop: request i is due at {@code start + i / rate} whatever happened before, and its
 * latency counts from that due time, so a stalled server is charged for every request it made wait (no
 * coordinated omission); enough connections must be given that a free one is there when a request is due.
 */
final class HttpLoad {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** Counted once per accepted order result of an answer ({@code OrderResultJson}). */
    private static final byte[] RESULT_MARKER = "\"cancel_reason\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a run measured: wall time, latencies sorted in nanoseconds, the requests not answered as expected, and
     * the CPU this process (the load generator) used meanwhile.
     */
    record Result(long elapsedNanos, long[] latencies, long errors, long clientCpuNanos) {

        double requestsPerSecond() {
            return latencies.length * 1e9 / Math.max(1, elapsedNanos);
        }

        /** The latency at percentile {@code p} (0-100), nearest rank. */
        long percentile(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }
    }

    private HttpLoad() {
    }

    /**
     * Sends every body once, {@code connections} at a time, at {@code rate} requests/s (0: flat out);
     * {@code resultsPerAnswer} &gt; 0: each answer must hold that many accepted order results.
     */
    static Result run(URI base, String path, List<byte[]> bodies, int connections, double rate, int resultsPerAnswer)
            throws Exception {
        int n = bodies.size();
        long[] latencies = new long[n];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long pid = ProcessHandle.current().pid();
        long cpu0 = ProcCpu.nanos(pid);
        long start = System.nanoTime() + 1_000_000; // every worker is running when the first request is due
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < connections; w++) {
                workers.add(pool.submit(() -> {
                    try (BenchConnection connection = new BenchConnection(base, TIMEOUT_MILLIS,
                            resultsPerAnswer > 0 ? RESULT_MARKER : null)) {
                        long i;
                        while ((i = next.getAndIncrement()) < n) {
                            long due = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            try {
                                int status = connection.post(path, bodies.get((int) i), Map.of());
                                if (status < 200 || status >= 300
                                        || resultsPerAnswer > 0 && connection.markerCount() != resultsPerAnswer) {
                                    errors.incrementAndGet();
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            }
                            latencies[(int) i] = System.nanoTime() - due;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ProcCpu.nanos(pid) - cpu0;
        Arrays.sort(latencies);
        return new Result(elapsed, latencies, errors.get(), cpu);
    }
}
