package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.config.ServerConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A running pair on one real PostgreSQL under hostile requests (session 17, second pass): order-changing requests with
 * hostile paths and query strings sent to the follower, whose 307 must send them to the leader's advertised URL and
 * nowhere else, with no header of the request's making; and requests to both instances while the lease is taken
 * from the leader, none of which may be answered 5xx without a JSON error.
 */
class HaHostileRequestsTest {

    private static final String ORDER = "{\"user_address\":\"0xbad1\",\"market_id\":1,\"side\":\"buy\","
            + "\"order_type\":\"limit\",\"size\":\"1\",\"price\":\"100\"}";

    /** An answer read off a raw socket: status, header lines (as sent) and body. */
    private record Raw(int status, List<String> headers, String body) {

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst().orElse(null);
        }
    }

    /**
     * Sends {@code method target} as written (bytes of the target as given) and reads the answer to the end. A
     * server that closes a connection while bytes of the request are still unread in its socket makes the kernel
     * reset it (a request the JDK server refuses at its request line is closed unread): the answer sent before the
     * reset is kept; a reset before a whole answer head is the same race and the request is sent again (three
     * tries), never a server fault this test looks for.
     */
    private static Raw raw(URI server, String method, byte[] target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Raw answer = rawOnce(server, method, target);
            if (answer != null || attempt == 3) {
                assertThat(answer).as("an answer head for %s", new String(target, StandardCharsets.ISO_8859_1))
                        .isNotNull();
                return answer;
            }
        }
    }

    private static Raw rawOnce(URI server, String method, byte[] target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] body = ORDER.getBytes(StandardCharsets.US_ASCII);
            out.write((method + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(target);
            out.write((" HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while (read.size() < (4 << 20) && (n = in.read(chunk)) >= 0) {
                    read.write(chunk, 0, n);
                }
            } catch (SocketException reset) {
                // the race described above: keep what arrived before the reset
            }
            String answer = read.toString(StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            if (end < 0) {
                return null;
            }
            List<String> lines = List.of(answer.substring(0, end).split("\r\n", -1));
            return new Raw(Integer.parseInt(lines.get(0).split(" ")[1]), lines.subList(1, lines.size()),
                    answer.substring(end + 4));
        }
    }

    /** A path and query of exactly {@code length} characters. */
    private static String atLength(int length) {
        String start = "/v1/orders?x=";
        return start + "b".repeat(length - start.length());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theFollowersRedirectGoesOnlyToTheLeaderAndATakeoverNeverAnswers5xxWithoutJson() throws Exception {
        try (HaCluster cluster = new HaCluster()) {
            HaServe a = start(cluster, "a");
            HaServe b = null;
            try {
                awaitLeading(a);
                b = start(cluster, "b");
                HaServe follower = b;
                URI leader = a.uri();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!leader.toString().equals(follower.backend().leaderUrl())) {
                    assertThat(System.nanoTime()).as("the follower knows the leader").isLessThan(deadline);
                    Thread.sleep(20);
                }

                List<byte[]> targets = new ArrayList<>(List.of(
                        ascii("/v1/orders"),
                        ascii("/v1/orders?x=" + "a".repeat(200_000)),
                        ascii(atLength(HaGate.MAX_REDIRECT_TARGET)),
                        ascii(atLength(HaGate.MAX_REDIRECT_TARGET + 1)),
                        ascii("/v1/orders?x=%0D%0ALocation:%20http://evil.example/%0D%0AX-Injected:%201"),
                        ascii("/v1/orders?x=%0d%0a%0d%0a<html>"),
                        "/v1/orders?x=\u00e9\u4e2d\ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                        "/v1/orders/\u00e9%E9".getBytes(StandardCharsets.UTF_8),
                        ascii("//evil.example/v1/orders"),
                        ascii("/v1//orders"),
                        ascii("/v1/../v1/orders"),
                        ascii("/v1/orders/..%2F..%2F..%2Fevil"),
                        ascii("/v1/orders/%2e%2e/%2e%2e"),
                        ascii("/v1/orders/" + "x".repeat(5_000)),
                        ascii("v1/orders"),
                        ascii("orders"),
                        ascii("@evil.example/v1/orders"),
                        ascii("http://evil.example/v1/orders?x=1"),
                        ascii("http://evil.example:80@other.example/v1/orders"),
                        ascii("*")));
                List<String> redirected = new ArrayList<>();
                for (String method : List.of("POST", "DELETE", "PATCH")) {
                    for (byte[] target : targets) {
                        String shown = method + " " + new String(target, StandardCharsets.ISO_8859_1);
                        shown = shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
                        Raw r = raw(follower.uri(), method, target);
                        assertThat(r.status()).as(shown).isLessThan(500);
                        assertThat(r.headers()).as(shown).noneMatch(h -> h.toLowerCase(Locale.ROOT)
                                .startsWith("x-injected"));
                        assertThat(r.headers().stream().filter(h -> h.toLowerCase(Locale.ROOT)
                                .startsWith("location:")).count()).as(shown).isLessThanOrEqualTo(1);
                        String location = r.header("Location");
                        int targetLength = target.length;
                        if (targetLength > HaGate.MAX_REDIRECT_TARGET && method.equals("POST")) {
                            assertThat(r.status()).as(shown).isEqualTo(414);
                            assertThat(r.body()).as(shown).startsWith("{\"error\":{\"code\":\"URI_TOO_LONG\"")
                                    .contains("at most " + HaGate.MAX_REDIRECT_TARGET + " characters");
                        }
                        if (r.status() == 307) {
                            assertThat(targetLength).as(shown).isLessThanOrEqualTo(HaGate.MAX_REDIRECT_TARGET);
                            assertThat(location.length()).as(shown)
                                    .isLessThanOrEqualTo(leader.toString().length() + HaGate.MAX_REDIRECT_TARGET);
                            redirected.add(shown);
                            assertThat(location).as(shown).startsWith(leader + "/");
                            URI to = URI.create(location);
                            assertThat(to.getHost()).as(shown).isEqualTo(leader.getHost());
                            assertThat(to.getPort()).as(shown).isEqualTo(leader.getPort());
                            assertThat(to.getRawUserInfo()).as(shown).isNull();
                            assertThat(r.body()).as(shown).contains("\"code\":\"NOT_LEADER\"");
                        } else {
                            assertThat(location).as(shown).isNull();
                        }
                    }
                }
                assertThat(redirected).as("the plain order is redirected").contains("POST /v1/orders");
                assertThat(redirected).as("a path and query of the bound's length is redirected")
                        .anyMatch(shown -> shown.startsWith("POST /v1/orders?x=bbb"));

                takeOverUnderLoad(cluster, a, b);
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
        }
    }

    /**
     * Four threads send orders to both instances while the lease is expired under the leader (the follower takes
     * it; the leader's renewal fails and it restarts as a follower). Refused connections during the restart are
     * expected; every answer of 500 or more must be a JSON error.
     */
    private static void takeOverUnderLoad(HaCluster cluster, HaServe a, HaServe b) throws Exception {
        long term = cluster.number("SELECT term FROM ha_lease");
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            HaServe target = w % 2 == 0 ? a : b;
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = cluster.http.send(HaCluster.postRequest(target.uri() + "/v1/orders",
                                ORDER, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() >= 500 && !(r.body().startsWith("{\"error\":{\"code\":\"")
                                && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"))) {
                            bad.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                        }
                    } catch (IOException e) {
                        statuses.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            Thread.sleep(300);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.number("SELECT term FROM ha_lease") == term) {
                assertThat(System.nanoTime()).as("the lease is taken over").isLessThan(deadline);
                cluster.rows("UPDATE ha_lease SET expires_at = '-infinity' WHERE id = 1 RETURNING term::text");
                Thread.sleep(20);
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.backend().leading() || a.restarts() == 0) {
                assertThat(System.nanoTime()).as("b leads and a restarted").isLessThan(deadline);
                Thread.sleep(20);
            }
            Thread.sleep(500);
        } finally {
            stop.set(true);
            for (Future<?> f : workers) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(bad).as("5xx answers without a JSON error; all: %s", statuses).isEmpty();
        assertThat(statuses.keySet()).as("%s", statuses).contains(200, 307).doesNotContain(500);
    }

    private static void awaitLeading(HaServe s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.backend().leading()) {
            assertThat(System.nanoTime()).as("the first instance takes the lease").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static HaServe start(HaCluster cluster, String node) throws Exception {
        Map<String, String> flags = HaCluster.inProcessFlags(cluster.databaseUrl, node);
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("server.default_margin", "none");
        ServerConfig config = ServerConfigLoader.load(flags, Map.of(), null);
        return HaServe.start(config);
    }
}
