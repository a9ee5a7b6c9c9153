package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many streams from one client: a stream gives its request slot back once it streams, so one address could open
 * every stream the server allows ({@code stream.max_clients}) and everyone else was refused. It now gets at most
 * {@code stream.max_clients_per_ip}, and the slot comes back when it disconnects.
 */
class StreamPerAddressTest {

    @Test
    void oneAddressGetsAtMostItsShareOfStreams() throws Exception {
        try (TestServer t = TestServer.start(Map.of("stream.max_clients_per_ip", "3", "stream.max_clients", "256",
                "stream.heartbeat_secs", "1"))) {
            List<HttpResponse<InputStream>> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<InputStream> r = stream(t);
                    assertThat(r.statusCode()).isEqualTo(200);
                    open.add(r);
                }
                HttpResponse<InputStream> refused = stream(t);
                assertThat(refused.statusCode()).isEqualTo(429);
                String body = new String(refused.body().readAllBytes());
                assertThat(body).contains("\"code\":\"TOO_MANY_STREAMS\"").contains("from this address");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");

                open.remove(0).body().close();
                // the server notices at its next heartbeat (1 s) and gives the slot back
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                HttpResponse<InputStream> again = stream(t);
                while (again.statusCode() == 429 && System.nanoTime() < deadline) {
                    again.body().close();
                    Thread.sleep(200);
                    again = stream(t);
                }
                assertThat(again.statusCode()).isEqualTo(200);
                open.add(again);
            } finally {
                for (HttpResponse<InputStream> r : open) {
                    r.body().close();
                }
            }
        }
    }

    private static HttpResponse<InputStream> stream(TestServer t) throws Exception {
        return t.client.send(HttpRequest.newBuilder(t.uri("/v1/stream?channels=trades:1")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
