package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.bench.http.BenchConnection;
import io.hyperperp.bench.http.OrderBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator against a running server: {@code connections} threads, each with a keep-alive
 * HTTP/1.1 connection, send {@code requests} requests in total — single orders (POST /v1/orders) or
 * batches of {@code batch} orders (POST /v1/orders/batch) — and record each request's latency.
 *
 * <p>Workload: {@link OrderBodies} (the key's address places every order when signing). Flat out
 * (rate 0) each connection sends its next request when
 * the answer arrives (closed loop); with a rate the requests are scheduled at
 * {@code start + i/rate} over all connections and latency counts from the scheduled time.
 */
public final class HttpBench {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** Settings. */
    public record Options(int requests, int connections, int batch, long market, double rate, int tradePercent) {
    }

    /** Result of a run. */
    public record Result(int requests, long orders, int connections, int batch, long elapsedNanos, long[] latencies,
                         Map<Integer, Long> statusCounts, long errors) {

        double throughput() {
            return elapsedNanos == 0 ? 0 : requests * 1e9 / elapsedNanos;
        }

        long percentile(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }
    }

    private final ApiClient api;
    private final Options options;
    /** The path every request posts to, under the server URL's own path. */
    private final String ordersPath;
    private final OrderBodies bodies;

    public HttpBench(ApiClient api, Options options) {
        this.api = api;
        this.options = options;
        this.bodies = new OrderBodies(options.market(), options.tradePercent(), options.batch());
        this.ordersPath = api.base().getRawPath().replaceAll("/+$", "") + bodies.path();
    }

    /** Runs the load; a server that cannot be reached at all is exit code 4. */
    public Result run() throws Exception {
        api.get("/v1/health"); // fails fast (exit code 4) when nothing listens
        int n = options.requests();
        long[] latencies = new long[n];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<Integer, AtomicLong> status = new java.util.concurrent.ConcurrentHashMap<>();
        String signer = api.key() == null ? null : api.key().accountAddress().toShortString();
        ExecutorService pool = Executors.newFixedThreadPool(options.connections());
        long start = System.nanoTime();
        try {
            Future<?>[] workers = new Future<?>[options.connections()];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = pool.submit(() -> {
                    try (BenchConnection connection = new BenchConnection(api.base(), TIMEOUT_MILLIS)) {
                        long i;
                        while ((i = next.getAndIncrement()) < n) {
                            latencies[(int) i] = sendOne(connection, i, start, signer, status, errors);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(latencies);
        Map<Integer, Long> counts = new TreeMap<>();
        status.forEach((k, v) -> counts.put(k, v.get()));
        return new Result(n, (long) n * options.batch(), options.connections(), options.batch(), elapsed, latencies,
                counts, errors.get());
    }

    /** Sends request {@code i} (at its scheduled time with a rate); @return its latency */
    private long sendOne(BenchConnection connection, long i, long start, String signer,
                         Map<Integer, AtomicLong> status, AtomicLong errors) {
        long scheduled = System.nanoTime();
        if (options.rate() > 0) {
            scheduled = start + (long) (i * 1e9 / options.rate());
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        String path = ordersPath;
        byte[] body = bodies.request(i, signer).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = api.key() == null ? Map.of()
                : ApiClient.signatureHeaders(api.key(), api.nextTimestamp(), "POST", path, body);
        try {
            int code = connection.post(path, body, headers);
            status.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
            if (code < 200 || code >= 300) {
                errors.incrementAndGet();
            }
        } catch (IOException e) {
            errors.incrementAndGet();
            status.computeIfAbsent(0, k -> new AtomicLong()).incrementAndGet();
        }
        return System.nanoTime() - scheduled;
    }

    /** Human report. */
    public static String human(String server, Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "http bench: %s, %,d requests (%s), %d connection(s)%n", server,
                r.requests(), r.batch() > 1 ? "POST /v1/orders/batch x " + r.batch() + " = " + String.format(Locale.ROOT,
                        "%,d", r.orders()) + " orders" : "POST /v1/orders", r.connections()));
        s.append(String.format(Locale.ROOT, "throughput: %,.0f requests/s, %,.0f orders/s (%.3f s)%n", r.throughput(),
                r.throughput() * r.batch(), r.elapsedNanos() / 1e9));
        s.append(String.format(Locale.ROOT, "latency:    p50 %s  p99 %s  p99.9 %s  max %s%n", ms(r.percentile(50)),
                ms(r.percentile(99)), ms(r.percentile(99.9)), ms(r.percentile(100))));
        StringBuilder st = new StringBuilder();
        r.statusCounts().forEach((k, v) -> st.append(k == 0 ? "no answer" : "HTTP " + k).append(" x ")
                .append(v).append("  "));
        s.append("answers:    ").append(st.toString().strip()).append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, "errors:     %,d%n", r.errors()));
        return s.toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** JSON report. */
    public static ObjectNode json(String server, Result r) {
        ObjectNode root = ApiClient.MAPPER.createObjectNode();
        root.put("mode", "http");
        root.put("server", server);
        root.put("requests", r.requests());
        root.put("orders", r.orders());
        root.put("batch", r.batch());
        root.put("connections", r.connections());
        root.put("elapsed_ns", r.elapsedNanos());
        root.put("throughput", Math.round(r.throughput()));
        root.put("orders_per_sec", Math.round(r.throughput() * r.batch()));
        ObjectNode lat = root.putObject("latency_ns");
        lat.put("p50", r.percentile(50));
        lat.put("p99", r.percentile(99));
        lat.put("p99_9", r.percentile(99.9));
        lat.put("max", r.percentile(100));
        lat.put("mean", Math.round(Arrays.stream(r.latencies()).average().orElse(0)));
        ObjectNode st = root.putObject("status_counts");
        r.statusCounts().forEach((k, v) -> st.put(Integer.toString(k), v));
        root.put("errors", r.errors());
        return root;
    }
}
