package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link PlainHttp} against a scripted server: what it sends, and each way an answer's body can end. */
class PlainHttpTest {

    /** Serves one connection: records the request head and body, answers {@code answer}. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                    request.write(in.read());
                }
                String head = request.toString(StandardCharsets.UTF_8);
                int length = head.contains("Content-Length: ")
                        ? Integer.parseInt(head.split("Content-Length: ")[1].split("\r\n")[0]) : 0;
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                return head + body;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static URI uri(ServerSocket server, String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    @Test
    void sendsAnyMethodWithHeadersAndBodyAndReadsAContentLengthAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 11\r\n\r\n{\"ok\":true}");
            PlainHttp.Response r = PlainHttp.send(uri(server, "/v1/orders/x?user_address=0xa"), "PATCH",
                    Map.of("Content-Type", "application/json"), "{\"price\":\"1\"}".getBytes(StandardCharsets.UTF_8),
                    5_000);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo("{\"ok\":true}");
            String request = seen.get(5, TimeUnit.SECONDS);
            assertThat(request).startsWith("PATCH /v1/orders/x?user_address=0xa HTTP/1.1\r\n")
                    .contains("Content-Length: 13\r\n").contains("Connection: close\r\n").endsWith("{\"price\":\"1\"}");
        }
    }

    @Test
    void readsChunkedAndUntilCloseAnswers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\n{\"a\"\r\n6;ext=1\r\n:\"é\"}\r\n0\r\n\r\n"); // é is two bytes
            PlainHttp.Response chunked = PlainHttp.send(uri(server, "/"), "GET", Map.of(), new byte[0], 5_000);
            assertThat(chunked.status()).isEqualTo(404);
            assertThat(chunked.body()).isEqualTo("{\"a\":\"é\"}");

            serveOnce(server, "HTTP/1.1 503 Service Unavailable\r\n\r\nbusy");
            assertThat(PlainHttp.send(uri(server, "/"), "GET", Map.of(), new byte[0], 5_000).body()).isEqualTo("busy");
        }
    }

    @Test
    void aTruncatedOrForeignAnswerIsAnIoErrorAndASilentServerTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
            assertThatThrownBy(() -> PlainHttp.send(uri(server, "/"), "GET", Map.of(), new byte[0], 5_000))
                    .isInstanceOf(EOFException.class);
            serveOnce(server, "SSH-2.0-OpenSSH\r\n");
            assertThatThrownBy(() -> PlainHttp.send(uri(server, "/"), "GET", Map.of(), new byte[0], 5_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.1 answer");
            // accepted by the backlog, never answered
            assertThatThrownBy(() -> PlainHttp.send(uri(server, "/"), "GET", Map.of(), new byte[0], 300))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
