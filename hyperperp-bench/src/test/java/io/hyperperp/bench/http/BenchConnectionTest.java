package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConnectionTest {

    private static final byte[] MARKER = "\"cancel_reason\"".getBytes(StandardCharsets.US_ASCII);

    @Test
    void countsTheMarkerInAnswersOfAnySizeOverOneKeptAliveConnection() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            int results = Integer.parseInt(new String(request, StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder("{\"results\":[");
            for (int i = 0; i < results; i++) {
                // a result much longer than the connection's read buffer now and then, and a near miss
                answer.append(i > 0 ? "," : "").append("{\"cancel_reason\":null,\"cancel_reaso\":1,\"pad\":\"")
                        .append("x".repeat(i % 7 == 0 ? 70_000 : 100)).append("\"}");
            }
            byte[] bytes = answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(results == 0 ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(null);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (BenchConnection counting = new BenchConnection(base, 10_000, MARKER);
             BenchConnection skipping = new BenchConnection(base, 10_000)) {
            for (int results : new int[] {1, 100, 0, 3, 15}) {
                byte[] body = Integer.toString(results).getBytes(StandardCharsets.US_ASCII);
                assertThat(counting.post("/v1/orders/batch", body, Map.of())).isEqualTo(results == 0 ? 400 : 200);
                assertThat(counting.markerCount()).isEqualTo(results);
                assertThat(skipping.post("/v1/orders/batch", body, Map.of("X-Test", "1")))
                        .isEqualTo(results == 0 ? 400 : 200);
                assertThat(skipping.markerCount()).isZero();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedServerIsAnIoErrorNotAHang() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        int port = server.getAddress().getPort();
        server.stop(0);
        try (BenchConnection c = new BenchConnection(URI.create("http://127.0.0.1:" + port), 2_000, MARKER)) {
            assertThatThrownBy(() -> c.post("/", new byte[0], Map.of())).isInstanceOf(IOException.class);
        }
    }

    /**
     * A server that sends its answer a byte every 300 ms: each read completes well within the timeout, so only a
     * bound on the whole answer ends it. Bounded per read, the 40-byte answer below took 12 s against a 1 s timeout
     * (and a byte every 29 s held a connection of {@code bench --http} forever).
     */
    @Test
    void theTimeoutBoundsTheWholeAnswerNotEachRead() throws Exception {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                try (Socket peer = listener.accept()) {
                    for (byte b : answer) {
                        peer.getOutputStream().write(b);
                        peer.getOutputStream().flush();
                        Thread.sleep(300);
                    }
                    Thread.sleep(60_000);
                } catch (IOException | InterruptedException e) {
                    // the client gave up and closed: the end of this server
                }
            });
            try (BenchConnection c = new BenchConnection(URI.create("http://127.0.0.1:" + listener.getLocalPort()),
                    1_000, MARKER)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> c.post("/", new byte[0], Map.of())).isInstanceOf(SocketTimeoutException.class);
                assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the answer timed out")
                        .isLessThan(3_000);
            } finally {
                server.interrupt();
            }
        }
    }

    @Test
    void markersDoNotOverlapAndStopAtTheLength() {
        byte[] bytes = "aaaaab".getBytes(StandardCharsets.US_ASCII);
        assertThat(BenchConnection.count(bytes, bytes.length, "aa".getBytes(StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(BenchConnection.count(bytes, 3, "aa".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
        assertThat(BenchConnection.count(bytes, bytes.length, "ab".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
    }
}
