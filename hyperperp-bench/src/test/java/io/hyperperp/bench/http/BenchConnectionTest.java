package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    @Test
    void markersDoNotOverlapAndStopAtTheLength() {
        byte[] bytes = "aaaaab".getBytes(StandardCharsets.US_ASCII);
        assertThat(BenchConnection.count(bytes, bytes.length, "aa".getBytes(StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(BenchConnection.count(bytes, 3, "aa".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
        assertThat(BenchConnection.count(bytes, bytes.length, "ab".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
    }
}
