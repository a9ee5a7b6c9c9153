package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.jdbc.internal.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A shutdown while the database is down: the queued commit can never succeed, and {@code SIGTERM}
 * waited for it for ever. It now ends within {@code server.shutdown_timeout_secs}: the request whose
 * commit was pending is answered with an error (never acknowledged), and what was committed before the
 * outage is there after a restart, while the pending command is not.
 */
class ShutdownDuringOutageTest {

    private static final String MAKER = "{\"user_address\":\"0xd0e1\",\"market_id\":5,\"side\":\"sell\","
            + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"100.0\",\"client_order_id\":\"committed\"}";
    private static final String PENDING = "{\"user_address\":\"0xd0e2\",\"market_id\":5,\"side\":\"sell\","
            + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"101.0\",\"client_order_id\":\"pending\"}";

    @Test
    void shutdownWithTheDatabaseDownEndsInBoundedTimeAndAcknowledgesNothingUncommitted() throws Exception {
        Path dir = Files.createTempDirectory("hyperperp-outage-shutdown");
        EmbeddedServer pg = EmbeddedServer.start(dir.resolve("pg"), 0);
        int port = pg.port();
        Map<String, String> settings = Map.of("database.url", "postgresql://postgres@localhost:" + port
                + "/" + EmbeddedServer.DATABASE, "server.shutdown_timeout_secs", "2",
                "server.request_timeout_ms", "60000");
        TestServer t = TestServer.startPersistent(settings, dir.resolve("data"));
        boolean closed = false;
        try {
            assertThat(t.post("/v1/orders", MAKER).status()).isEqualTo(200);
            pg.close();
            CompletableFuture<HttpResponse<String>> pending = t.client.sendAsync(
                    HttpRequest.newBuilder(t.uri("/v1/orders")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(PENDING)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1_000); // the command is processed and its commit fails, again and again

            long begin = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(t::close);
            shutdown.get(30, TimeUnit.SECONDS);
            closed = true;
            long tookMillis = (System.nanoTime() - begin) / 1_000_000;
            // 5 s for requests in flight to finish, then the 2 s bound on the commit
            assertThat(tookMillis).isLessThan(15_000);
            // nothing keeps retrying the commit (it kept the process alive after SIGTERM)
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.endsWith("-commit"))).isEmpty();

            HttpResponse<String> answer = pending.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).doesNotContain("\"status\":\"open\"");
        } finally {
            if (!closed) {
                t.close();
            }
        }
        pg = EmbeddedServer.start(dir.resolve("pg"), port);
        TestServer again = TestServer.startPersistent(settings, dir.resolve("data"));
        try {
            assertThat(again.get("/v1/orders?user_address=0xd0e1").text()).contains("\"committed\"");
            assertThat(again.get("/v1/orders?user_address=0xd0e2").text()).doesNotContain("\"pending\"");
        } finally {
            again.close();
            pg.close();
            TestServer.deleteDirectory(dir);
        }
    }
}
