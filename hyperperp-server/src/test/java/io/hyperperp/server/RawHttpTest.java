package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP on raw sockets (issue 15): slow and bare-LF heads, broken chunked and fixed-length
 * framing, oversized headers, Expect with a huge Content-Length, HEAD, unknown HTTP versions and
 * per-address connection bounds. Every case answers a 4xx/5xx of its own in bounded time or closes
 * the connection in bounded time, never a 500, and the server stays reachable. Runs in a JVM of its
 * own (see the pom) so that the JDK server reads HyperPerp's limits, not those of an earlier test's
 * server.
 */
class RawHttpTest {

    private static final String ORDER = TestServer.order("0xa11ce", 7, "buy", "1.0", "100.0");
    private static final int HEADER_TIMEOUT_MS = 1_000;
    private static final int PER_IP = 6;
    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("server.header_timeout_ms", Integer.toString(HEADER_TIMEOUT_MS),
                "server.max_connections_per_ip", Integer.toString(PER_IP)));
        port = server.server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String post(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing;
    }

    private static RawClient.Response exchange(String request) throws IOException {
        try (RawClient c = new RawClient(port)) {
            return c.send(request).read();
        }
    }

    private static void assertHealthy() throws IOException {
        long start = System.nanoTime();
        RawClient.Response r = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).as("health answer time, ms").isLessThan(2_000);
    }

    @Test
    void slowHeadsHoldNoWorkerAndAreClosedAfterTheHeaderTimeout() throws Exception {
        List<RawClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                slow.add(new RawClient(port).send("G"));
            }
            slow.add(new RawClient(port).send("GET /health HTTP/1.1\nHost: x\n\n")); // bare LF: never a complete head
            // 100 stalled heads (more than any worker pool the server used to have) hold nothing.
            assertHealthy();
            for (RawClient c : slow) {
                assertThat(c.closedByServer(HEADER_TIMEOUT_MS + 4_000)).as("slow head closed").isTrue();
            }
            assertThat(headerTimeouts()).isGreaterThanOrEqualTo(101);
            assertHealthy();
        } finally {
            for (RawClient c : slow) {
                c.close();
            }
        }
    }

    @Test
    void brokenChunkedFramingIsA400ThatClosesTheConnection() throws Exception {
        String[] bodies = {"zz\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", " 10\r\n{}\r\n0\r\n\r\n",
            "\r\n{}\r\n0\r\n\r\n", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n", "fffffffff\r\n{}\r\n0\r\n\r\n",
            "2\r\n{}xx\r\n0\r\n\r\n",
            Integer.toHexString(ORDER.length()) + "\r\n" + ORDER + "\r\n0\r\nX-T: 1\r\n\r\n"};
        for (String body : bodies) {
            RawClient.Response r = exchange(post("/v1/orders", "Transfer-Encoding: chunked\r\n\r\n" + body));
            assertThat(r).as(body).isNotNull();
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).contains("MALFORMED_BODY");
            assertThat(r.closes()).as(body).isTrue();
        }
        assertNoServerErrors();
        assertHealthy();
    }

    @Test
    void aBodyShorterThanItsContentLengthThenHalfCloseIsA400() throws Exception {
        try (RawClient c = new RawClient(port)) {
            RawClient.Response r = c.send(post("/v1/orders", "Content-Length: " + (ORDER.length() + 10) + "\r\n\r\n" + ORDER))
                    .halfClose().read();
            assertThat(r).isNotNull();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("MALFORMED_BODY");
        }
        assertNoServerErrors();
    }

    @Test
    void tooManyOrTooLargeHeadersAnswer431() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        String large = "X-Big: " + "a".repeat(400 * 1024) + "\r\n";
        String justOver = "X-Big: " + "a".repeat(33 * 1024) + "\r\n";
        for (String headers : List.of(many.toString(), large, justOver)) {
            RawClient.Response r = exchange("GET /health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertThat(r).isNotNull();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.body()).contains("HEADERS_TOO_LARGE");
            assertThat(r.closes()).isTrue();
        }
        // Past the JDK server's own bound (512 KiB) it closes without an answer; the server lives on.
        try (RawClient c = new RawClient(port)) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Huge: " + "a".repeat(600 * 1024) + "\r\n\r\n");
            assertThat(c.closedByServer(5_000)).isTrue();
        }
        assertHealthy();
    }

    @Test
    void expectContinueWithAHugeContentLengthGets413WithoutSendingTheBody() throws Exception {
        try (RawClient c = new RawClient(port)) {
            c.send(post("/v1/orders", "Content-Length: 2147483648\r\nExpect: 100-continue\r\n\r\n"));
            RawClient.Response first = c.readHeadOnly();
            assertThat(first).isNotNull();
            // The JDK server sends 100 Continue before any handler runs (docs/security.md); the 413 follows at once.
            RawClient.Response answer = first.status() == 100 ? c.read() : first;
            assertThat(answer).isNotNull();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.closes()).isTrue();
            assertThat(c.closedByServer(5_000)).isTrue();
        }
        RawClient.Response plain = exchange(post("/v1/orders", "Content-Length: 2147483648\r\n\r\n"));
        assertThat(plain.status()).isEqualTo(413);
        assertHealthy();
    }

    /**
     * A request refused before its body is read (413, 431, 505), from a client that writes its whole body before it
     * reads, as most HTTP clients do: the server reads and discards the body (up to {@code HttpTransport.DRAIN_BYTES})
     * so that the client's write completes, it reads the whole JSON error, and the connection ends with a FIN. The
     * JDK's default drain (64 KiB) closed with the rest unread: the kernel reset the connection, the client's write
     * failed, and a client stack that drops received data on a reset, or a client that stops at a failed write, lost
     * the answer.
     */
    @Test
    void aRequestRefusedBeforeItsBodyIsReadIsAnsweredToAClientThatSendsTheBodyFirst() throws Exception {
        int length = 1024 * 1024;
        String justOver = "X-Big: " + "a".repeat(33 * 1024) + "\r\n";
        Map<Integer, String> refusals = Map.of(
                413, post("/v1/orders", "Content-Length: " + length + "\r\n\r\n"),
                431, post("/v1/orders", justOver + "Content-Length: " + length + "\r\n\r\n"),
                505, "POST /v1/orders HTTP/9.9\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n");
        byte[] body = new byte[length];
        for (Map.Entry<Integer, String> refusal : refusals.entrySet()) {
            try (RawClient c = new RawClient(port)) {
                c.send(refusal.getValue()).send(body);
                RawClient.Response r = c.read();
                assertThat(r).as("%s", refusal.getKey()).isNotNull();
                assertThat(r.status()).isEqualTo(refusal.getKey());
                assertThat(r.closes()).isTrue();
                assertThat(r.body()).startsWith("{\"error\":{\"code\":\"").endsWith("}}");
                assertThat(c.endsWithFin(5_000)).as("%s ends with a FIN, not a reset", refusal.getKey()).isTrue();
            }
        }
        assertHealthy();
        assertNoServerErrors();
    }

    @Test
    void headIsServedByGetRoutesWithoutABody() throws Exception {
        RawClient.Response get = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        try (RawClient c = new RawClient(port)) {
            RawClient.Response head = c.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n").readHeadOnly();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length()));
            // Same connection: the next answer starts right after the HEAD's headers (no body in between).
            RawClient.Response next = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(next.status()).isEqualTo(200);
        }
        RawClient.Response wrong = exchange("DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.header("Allow")).contains("GET").contains("HEAD");
    }

    @Test
    void onlyHttp10And11AreServed() throws Exception {
        RawClient.Response future = exchange("GET /health HTTP/9.9\r\nHost: x\r\n\r\n");
        assertThat(future.status()).isEqualTo(505);
        assertThat(future.closes()).isTrue();
        RawClient.Response garbage = exchange("GET /health HTTQ/1.1\r\nHost: x\r\n\r\n");
        assertThat(garbage.status()).isEqualTo(400);
        RawClient.Response old = exchange("GET /health HTTP/1.0\r\n\r\n");
        assertThat(old.status()).isEqualTo(200);
    }

    @Test
    void oneAddressHasAtMostItsShareOfRequestsInProgress() throws Exception {
        long idle = System.nanoTime() + 10_000_000_000L;
        while (metric("hyperperp_http_requests_in_progress") != 0 && System.nanoTime() < idle) {
            Thread.onSpinWait(); // earlier tests' closing exchanges end within a second
        }
        List<RawClient> held = new ArrayList<>();
        try {
            // Each of these waits in the handler for the rest of its body: a request in progress.
            for (int i = 0; i < PER_IP; i++) {
                held.add(new RawClient(port).send(post("/v1/orders", "Content-Length: " + ORDER.length() + "\r\n\r\n{")));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (metric("hyperperp_http_requests_in_progress") < PER_IP && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until every held request is in its handler
            }
            RawClient.Response refused = null;
            while (System.nanoTime() < deadline) {
                RawClient.Response r = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                if (r != null && r.status() == 429) {
                    refused = r;
                    break;
                }
            }
            assertThat(refused).as("a request beyond the per-address bound").isNotNull();
            assertThat(refused.body()).contains("TOO_MANY_CONNECTIONS");
            assertThat(refused.closes()).isTrue();
            for (RawClient c : held) {
                RawClient.Response r = c.send(ORDER.substring(1)).read();
                assertThat(r.status()).isEqualTo(200);
            }
            assertHealthy();
        } finally {
            for (RawClient c : held) {
                c.close();
            }
        }
    }

    private static double headerTimeouts() {
        return metric("hyperperp_http_header_timeouts");
    }

    private static double metric(String name) {
        return server.server.metrics().scrape().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static void assertNoServerErrors() {
        assertThat(server.server.metrics().scrape()).doesNotContain("status=\"500\"");
    }
}
