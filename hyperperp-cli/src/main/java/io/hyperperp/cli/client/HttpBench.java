package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Workload: orders of size 1 on one market from 100 users (or the key's address when signing).
 * {@code tradePercent} of them, spread evenly, are IOC orders that cross the book (buys at 30010,
 * sells at 29990, alternately); the others rest as GTC orders, sells at 30001-30009 and buys at
 * 29991-29999, alternately. At 50% every resting order is soon taken, so the book stays small. Flat out (rate 0) each connection sends its next request when
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

    public HttpBench(ApiClient api, Options options) {
        this.api = api;
        this.options = options;
        this.ordersPath = api.base().getRawPath().replaceAll("/+$", "")
                + (options.batch() > 1 ? "/v1/orders/batch" : "/v1/orders");
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
        byte[] body = body(i, signer).getBytes(StandardCharsets.UTF_8);
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

    private String body(long i, String signer) {
        if (options.batch() <= 1) {
            return order(i, signer);
        }
        StringBuilder s = new StringBuilder("{\"orders\":[");
        for (int k = 0; k < options.batch(); k++) {
            if (k > 0) {
                s.append(',');
            }
            s.append(order(i * options.batch() + k, signer));
        }
        return s.append("]}").toString();
    }

    private String order(long i, String signer) {
        String user = signer != null ? signer : "0x" + Long.toHexString(0xb000 + i % 100);
        // Spread the trading orders evenly: order i trades when the running count of trading orders steps up.
        boolean trades = (i + 1) * options.tradePercent() / 100 > i * options.tradePercent() / 100;
        long round = i * options.tradePercent() / 100; // trading orders so far: alternate their side
        boolean sell;
        String price;
        if (trades) {
            sell = round % 2 == 1;
            price = sell ? "29990.0" : "30010.0"; // crosses the resting orders of the other side
        } else {
            sell = (i - round) % 2 == 0;
            price = sell ? (30001 + i % 9) + ".0" : (29999 - i % 9) + ".0";
        }
        return "{\"user_address\":\"" + user + "\",\"market_id\":" + options.market() + ",\"side\":\""
                + (sell ? "sell" : "buy") + "\",\"order_type\":\"limit\",\"time_in_force\":\""
                + (trades ? "ioc" : "gtc") + "\",\"size\":\"1.0\",\"price\":\"" + price + "\",\"stp\":\"none\"}";
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
