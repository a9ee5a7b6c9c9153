package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sends 10,000+ hostile requests (seeded; the seed is printed on failure): malformed JSON, wrong
 * types, huge, negative and NaN numbers, too many decimals, unknown fields, bad addresses, oversized
 * bodies, odd methods, paths and unicode. Every answer must be a 4xx JSON error (HEAD, served by the
 * GET routes, any bodiless answer below 500): never a 5xx, never
 * a dropped connection; afterwards the server is healthy and the book is unchanged.
 */
class HostileRequestFuzzTest {

    private static final int REQUESTS = 10_400;
    private static final ThreadLocal<String> LAST_BODY = new ThreadLocal<>();
    private static final int THREADS = 8;
    private static final long MARKET = 42;

    private static final String[] BAD_NUMBERS = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"-1\"", "\"-0.5\"",
        "\"1e5\"", "\"0x10\"", "\"\"", "\" 1\"", "\"1.000000001\"", "\"99999999999999999999999\"", "1e400", "-1e400",
        "NaN", "true", "[]", "{}", "null", "\"\\u0663\"", "\"1,5\"", "\"1.2.3\"", "\"+1\"", "\"１\"", "-5",
        "123456789012345678901234567890", "0.0000000001", "\"0.00000000000000000000000001\"", "\"1e-3\""};
    private static final String[] BAD_SIDES = {"\"BUY\"", "\"short\"", "1", "null", "\"ｂｕｙ\"", "\"\"", "[\"buy\"]",
        "\"buy\\u0000\""};
    private static final String[] BAD_USERS = {"\"0xA11CE\"", "\"0x\"", "\"a11ce\"", "\"0x0001\"", "\"0xzz\"", "12",
        "null", "\"0x" + "f".repeat(65) + "\"", "\"0x\\u0000\"", "\"0xａ\"", "\"\uD83D\uDE00\"", "\"0x1 \""};
    private static final String[] BAD_MARKETS = {"-1", "1.5", "\"1\"", "1e30", "99999999999999999999", "null", "true",
        "[1]", "-9223372036854775808"};
    private static final String[] UNKNOWN = {"\"evil\":1", "\"__proto__\":{}", "\"op\":\"cancel\"", "\"timestamp\":1",
        "\"order_id\":\"x\"", "\"Side\":\"buy\"", "\"\\u0000\":1", "\"price \":\"1\""};
    private static final String[] BAD_OPTIONAL = {"\"order_type\":\"stop\"", "\"time_in_force\":\"gtd\"",
        "\"stp\":\"maybe\"", "\"reduce_only\":\"yes\"", "\"expires_at\":-5", "\"client_order_id\":\"bad id!\"",
        "\"client_order_id\":\"" + "x".repeat(40) + "\"", "\"expires_at\":1.5", "\"client_order_id\":7",
        "\"order_type\":\"market\",\"time_in_force\":\"gtc\"", "\"post_only\":true"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO", "HEAD"};

    @Test
    void hostileRequestsGetJson4xxAndChangeNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        try (TestServer t = TestServer.start()) {
            // A book to protect.
            for (int i = 0; i < 10; i++) {
                assertThat(t.post("/v1/orders", TestServer.order("0x" + (i + 1), MARKET, i % 2 == 0 ? "buy" : "sell",
                        "1.0", (i % 2 == 0 ? 90 - i : 110 + i) + ".0")).status()).isEqualTo(200);
            }
            String before = bookOf(t);
            AtomicInteger done = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                long workerSeed = seed + w;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(workerSeed);
                    for (int i = 0; i < REQUESTS / THREADS && failures.size() < 20; i++) {
                        HttpRequest request = hostile(t, rnd);
                        try {
                            HttpResponse<byte[]> r = t.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            String problem = check(request, r);
                            if (problem != null) {
                                failures.add(problem + " body: " + LAST_BODY.get());
                            }
                        } catch (Exception e) {
                            failures.add(request.method() + " " + request.uri() + " -> " + e);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(failures).as("seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")").isEmpty();
            assertThat(done.get()).isGreaterThanOrEqualTo(10_000);
            assertThat(t.get("/health").status()).isEqualTo(200);
            assertThat(bookOf(t)).as("seed " + seed).isEqualTo(before);
            assertThat(t.get("/metrics").text()).doesNotContain("status=\"5");
        }
    }

    private static String bookOf(TestServer t) throws Exception {
        JsonNode b = t.get("/v1/orderbook/" + MARKET + "?depth=100").json();
        return b.get("bids").toString() + b.get("asks").toString() + b.get("sequence");
    }

    private static String check(HttpRequest request, HttpResponse<byte[]> r) {
        String where = request.method() + " " + request.uri() + " -> " + r.statusCode();
        if (request.method().equals("HEAD")) {
            // HEAD is served by the GET routes: any answer but a 5xx, never with a body.
            return r.statusCode() < 500 && r.body().length == 0 ? null : where + " (HEAD)";
        }
        if (r.statusCode() < 400 || r.statusCode() > 499) {
            return where + " " + new String(r.body(), StandardCharsets.UTF_8);
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return where + " not JSON";
        }
        try {
            JsonNode json = TestServer.MAPPER.readTree(r.body());
            if (!json.path("error").path("code").isTextual() || !json.path("error").path("message").isTextual()) {
                return where + " no error object";
            }
        } catch (Exception e) {
            return where + " unparseable body";
        }
        return null;
    }

    private static String pick(Random rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** A place-order body with at least one certainly invalid part. */
    static String hostileOrder(Random rnd) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("user_address", "\"0xf" + Integer.toHexString(rnd.nextInt(4096)) + "\"");
        fields.put("market_id", Long.toString(MARKET));
        fields.put("side", rnd.nextBoolean() ? "\"buy\"" : "\"sell\"");
        fields.put("order_type", "\"limit\"");
        fields.put("size", "\"1.0\"");
        fields.put("price", "\"100.0\"");
        List<String> extra = new ArrayList<>();
        int mutations = 1 + rnd.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (rnd.nextInt(9)) {
                case 0 -> fields.put("price", pick(rnd, BAD_NUMBERS));
                case 1 -> fields.put("size", pick(rnd, BAD_NUMBERS));
                case 2 -> fields.put("side", pick(rnd, BAD_SIDES));
                case 3 -> fields.put("user_address", pick(rnd, BAD_USERS));
                case 4 -> fields.put("market_id", pick(rnd, BAD_MARKETS));
                case 5 -> extra.add(pick(rnd, UNKNOWN));
                case 6 -> extra.add(pick(rnd, BAD_OPTIONAL));
                case 7 -> fields.remove(new String[] {"user_address", "market_id", "side", "size", "price"}[rnd.nextInt(5)]);
                default -> extra.add("\"side\":\"buy\",\"side\":\"sell\"");
            }
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        for (String x : extra) {
            sb.append(sb.length() > 1 ? "," : "").append(x);
        }
        sb.append('}');
        return sb.toString();
    }

    static String hostileBody(Random rnd) {
        int kind = rnd.nextInt(20);
        String order = hostileOrder(rnd);
        return switch (kind) {
            case 0 -> order.substring(0, rnd.nextInt(order.length()));
            case 1 -> order + "garbage";
            case 2 -> "[" + order + "]";
            case 3 -> "\"just a string\"";
            case 4 -> "[".repeat(200) + "]".repeat(200);
            case 5 -> "{\"a\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(51);
            case 6 -> "";
            case 7 -> "{\"orders\":[" + order + "," + hostileOrder(rnd) + "]}";
            case 8 -> "{\"orders\":\"nope\"}";
            case 9 -> "\uFEFF" + order;
            case 10 -> "{\"user_address\":\"\uD800\"}";
            default -> order;
        };
    }

    private static String segment(Random rnd) {
        String[] s = {"orders", "batch", "markets", "orderbook", "trades", "positions", "settlement", "batches", "retry",
            "health", "..", ".", "%2e%2e", "%00", "%25ZZ", "%E2%82%AC", "%F0%9F%98%80", "x".repeat(300), "-1",
            "48595045-0001-8000-8000-000000000001x", "00000000-0000-0000-0000-000000000000", "1e3", "%20", "stream",
            "ORDERS", "orders;x", "~", "%C0%AF", "48595045-0001-8000-8000-0000000fffff"};
        return s[rnd.nextInt(s.length)];
    }

    private static String badQuery(Random rnd) {
        String[] q = {"user_address=0xZZ", "user_address=%00", "limit=-1", "limit=1e9", "limit=abc", "market_id=-3",
            "market_id=1.5", "depth=0", "depth=99999999", "status=weird", "channels=book:x", "channels=", "foo=bar",
            "user_address=0x1&user_address=0x2", "%25ZZ=1", "channels=orders:0xZ", "depth=%E2%82%AC", "status=open"};
        return q[rnd.nextInt(q.length)];
    }

    static HttpRequest hostile(TestServer t, Random rnd) {
        String method;
        String path;
        String body = null;
        String type = "application/json";
        switch (rnd.nextInt(12)) {
            case 0, 1, 2, 3 -> {
                method = "POST";
                path = "/v1/orders";
                body = hostileBody(rnd);
            }
            case 4 -> {
                method = "POST";
                path = "/v1/orders/batch";
                body = rnd.nextInt(4) == 0 ? "{\"orders\":[]}" : "{\"orders\":[" + hostileOrder(rnd) + "]}";
            }
            case 5 -> {
                method = "PATCH";
                path = "/v1/orders/" + (rnd.nextBoolean() ? "48595045-0001-8000-8000-000000000001" : segment(rnd));
                body = rnd.nextBoolean() ? "{\"price\":" + pick(rnd, BAD_NUMBERS) + "}" : hostileBody(rnd);
            }
            case 6 -> {
                method = pick(rnd, new String[] {"GET", "DELETE", "POST"});
                path = "/v1/orders/" + segment(rnd);
                if (path.equals("/v1/orders/batch") && method.equals("POST")) {
                    body = "{}";
                }
            }
            case 7 -> {
                method = "GET";
                path = pick(rnd, new String[] {"/v1/orders", "/v1/trades", "/v1/positions", "/v1/orderbook/abc", "/v1/stream",
                    "/v1/settlement/batches", "/v1/orderbook/1"}) + "?" + badQuery(rnd);
                if (path.startsWith("/v1/orderbook/1?status=open") || path.startsWith("/v1/orders?status=open")) {
                    path = "/v1/orderbook/1?depth=0";
                }
            }
            case 8 -> {
                method = pick(rnd, METHODS);
                path = "/" + segment(rnd) + (rnd.nextBoolean() ? "/" + segment(rnd) : "");
                if (isValidRead(method, path)) {
                    path = "/nope" + path;
                }
            }
            case 9 -> {
                method = pick(rnd, new String[] {"PUT", "OPTIONS", "FOO", "HEAD", "PATCH"});
                path = pick(rnd, new String[] {"/v1/orders", "/health", "/v1/markets", "/metrics", "/v1/stream",
                    "/v1/settlement/batches"});
            }
            case 10 -> {
                method = "POST";
                path = "/v1/orders";
                body = TestServer.order("0xfeed", MARKET, "buy", "1.0", "100.0");
                type = pick(rnd, new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "application/jsonx", "multipart/form-data"});
            }
            default -> {
                method = pick(rnd, new String[] {"POST", "PATCH"});
                path = method.equals("POST") ? "/v1/orders" : "/v1/orders/48595045-0001-8000-8000-000000000001";
                body = "{\"pad\":\"" + "p".repeat(65_536 + rnd.nextInt(10_000)) + "\"}";
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.server.uri() + path));
        LAST_BODY.set(body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body);
        if (body != null) {
            b.header("Content-Type", type);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(40) == 0) {
                bytes = new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            }
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private static boolean isValidRead(String method, String path) {
        return method.equals("GET") && (path.equals("/v1/markets") || path.equals("/health") || path.equals("/v1/trades/")
                || path.startsWith("/v1/markets/") || path.equals("/v1/settlement/batches") || path.equals("/metrics")
                // The seed's reads at the root.
                || path.equals("/markets") || path.equals("/trades") || path.equals("/trades/")
                || path.startsWith("/markets/") || path.startsWith("/market/") || path.startsWith("/trades/"));
    }
}
