package io.hyperperp.server;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * HTTP load harness (not a unit test): keep-alive JDK HttpClient connections on several threads
 * against a server on 127.0.0.1 with the in-memory backend; reports throughput and p50/p99/p99.9
 * for single {@code POST /orders} and for {@code POST /orders/batch} (100 orders each). Bounded in
 * time. Run with:
 *
 * <pre>
 * mvn -q -pl hyperperp-server test -Dtest=HttpBenchTest -Dhyperperp.bench=true [-Dbench.threads=16 -Dbench.seconds=10]
 * </pre>
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "hyperperp.bench", matches = "true")
class HttpBenchTest {

    private static final int THREADS = Integer.getInteger("bench.threads", 16);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    /** {@code jdk} (JDK HttpClient, default) or {@code raw} (a minimal keep-alive HTTP/1.1 client on a socket). */
    private static final String CLIENT = System.getProperty("bench.client", "jdk");

    @Test
    void singleAndBatchOrders() throws Exception {
        try (TestServer t = TestServer.start(Map.of("settlement.batch_size", "100", "settlement.batch_timeout_secs", "1",
                "server.threads", System.getProperty("bench.server_threads", "0")))) {
            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build());
            }
            run(t, clients, 1, 3, false);
            report("POST /orders", run(t, clients, 1, SECONDS, true), 1);
            run(t, clients, 100, 3, false);
            report("POST /orders/batch (100)", run(t, clients, 100, SECONDS, true), 100);
        }
    }

    private record Result(Histogram latency, long requests, long errors, double seconds) {
    }

    private static Result run(TestServer t, List<HttpClient> clients, int perRequest, int seconds, boolean measure)
            throws Exception {
        Histogram all = new Histogram(60_000_000_000L, 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            HttpClient client = clients.get(i % clients.size());
            Histogram h = new Histogram(60_000_000_000L, 3);
            hs.add(h);
            int id = i;
            Thread th = new Thread(() -> {
                RawClient raw = CLIENT.equals("raw") ? new RawClient(t.server.port()) : null;
                SplittableRandom rnd = new SplittableRandom(id);
                String user = "0xbe" + Integer.toHexString(id + 1);
                while (System.nanoTime() < end) {
                    String body;
                    String path;
                    if (perRequest == 1) {
                        body = order(rnd, user);
                        path = "/orders";
                    } else {
                        StringBuilder sb = new StringBuilder(perRequest * 130).append("{\"orders\":[");
                        for (int k = 0; k < perRequest; k++) {
                            sb.append(k == 0 ? "" : ",").append(order(rnd, user));
                        }
                        body = sb.append("]}").toString();
                        path = "/orders/batch";
                    }
                    long t0 = System.nanoTime();
                    try {
                        int status;
                        if (raw != null) {
                            status = raw.post(path, body);
                        } else {
                            HttpRequest req = HttpRequest.newBuilder(t.uri(path))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                            status = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        }
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    h.recordValue(System.nanoTime() - t0);
                    requests.incrementAndGet();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        for (Histogram h : hs) {
            all.add(h);
        }
        return new Result(all, requests.get(), errors.get(), elapsed);
    }

    /** One keep-alive connection speaking just enough HTTP/1.1 for the harness. */
    private static final class RawClient {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;

        RawClient(int port) {
            try {
                socket = new java.net.Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65536);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int post(String path, String body) throws java.io.IOException {
            byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + b.length + "\r\n\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            String status = line();
            int length = 0;
            String h;
            while (!(h = line()).isEmpty()) {
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    private static String order(SplittableRandom rnd, String user) {
        boolean buy = rnd.nextBoolean();
        int price = 1000 + (buy ? -rnd.nextInt(20) : rnd.nextInt(20)) + (rnd.nextInt(10) == 0 ? (buy ? 25 : -25) : 0);
        return "{\"user_address\":\"" + user + "\",\"market_id\":1,\"side\":\"" + (buy ? "buy" : "sell")
                + "\",\"order_type\":\"limit\",\"size\":\"" + (1 + rnd.nextInt(5)) + ".0\",\"price\":\"" + price + ".0\"}";
    }

    private static void report(String name, Result r, int perRequest) {
        Histogram h = r.latency();
        System.out.printf("[%s client] %-26s threads=%d requests=%d errors=%d  %.0f req/s  %.0f orders/s  p50=%.3f ms  p99=%.3f ms"
                        + "  p99.9=%.3f ms  max=%.3f ms%n", CLIENT, name, THREADS, r.requests(), r.errors(),
                r.requests() / r.seconds(), r.requests() * perRequest / r.seconds(),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }
}
