package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.jdbc.internal.EmbeddedServer;
import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.config.ServerConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A follower's shutdown waits for its engine as long as {@code server.shutdown_timeout_secs} says, as a leader's
 * does: it waited a hard-coded 2 s, then closed the database under an engine still applying the log.
 */
class FollowerShutdownTest {

    /** Longer than the old hard-coded wait, well under the configured one. */
    private static final long SLOW_GROUP_MILLIS = 3_500;

    @Test
    void aFollowerWaitsForItsEngineUpToTheConfiguredShutdownTimeout() throws Exception {
        Path dir = Files.createTempDirectory("hyperperp-follower-shutdown");
        EmbeddedServer pg = EmbeddedServer.start(dir.resolve("pg"), 0);
        String url = "postgresql://postgres@localhost:" + pg.port() + "/" + EmbeddedServer.DATABASE;
        HaServe leader = HaServe.start(config(url, "leader"));
        HaBackend follower = null;
        try {
            awaitLeading(leader);
            CountDownLatch entered = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            GroupListener slow = group -> {
                if (entered.getCount() > 0 && !group.commands().isEmpty()) {
                    entered.countDown();
                    // an engine given up on is interrupted: the group then did not finish
                    finished.set(sleptUninterrupted(SLOW_GROUP_MILLIS));
                }
            };
            // Not advertised: it never contends for the lease, so it stays a follower.
            follower = HaBackend.open(new BackendContext(config(url, "follower"), List.of(slow),
                    new SettlementListener() { }, hook -> hook));
            HttpResponse<String> placed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(leader.uri() + "/v1/orders")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_address\":\"0xf011\",\"market_id\":1,"
                            + "\"side\":\"buy\",\"order_type\":\"limit\",\"size\":\"1\",\"price\":\"10\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the follower applies the leader's order").isTrue();
            assertThat(follower.role()).isEqualTo(Role.FOLLOWER);

            follower.close();
            follower = null;
            assertThat(finished).as("the follower's engine finished its group before the database was closed")
                    .isTrue();
        } finally {
            if (follower != null) {
                follower.close();
            }
            leader.close();
            pg.close();
            deleteDirectory(dir);
        }
    }

    private static ServerConfig config(String databaseUrl, String node) {
        Map<String, String> flags = HaCluster.inProcessFlags(databaseUrl, node);
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("server.default_margin", "none");
        flags.put("server.shutdown_timeout_secs", "20");
        return ServerConfigLoader.load(flags, Map.of(), null);
    }

    private static void awaitLeading(HaServe serve) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!serve.backend().leading()) {
            assertThat(System.nanoTime()).as("the first instance takes the lease").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void deleteDirectory(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static boolean sleptUninterrupted(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
