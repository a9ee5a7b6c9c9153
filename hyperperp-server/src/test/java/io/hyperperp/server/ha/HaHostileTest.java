package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.config.ServerConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL, attacked in process: started at the same moment, a write sent to the follower,
 * and every database connection of the leader cut (pg_terminate_backend) while orders keep coming.
 */
class HaHostileTest {

    private static String order(int i) {
        return "{\"user_address\":\"0xbad" + (i % 7) + "\",\"market_id\":1,\"side\":\"" + (i % 2 == 0 ? "buy" : "sell")
                + "\",\"order_type\":\"limit\",\"size\":\"1\",\"price\":\"" + (100 + i % 5) + "\",\"client_order_id\":"
                + "\"h" + i + "\"}";
    }

    @Test
    void startedTogetherOneLeadsTheFollowerWritesNothingAndACutDatabaseLosesNothingAcknowledged() throws Exception {
        try (HaCluster cluster = new HaCluster()) {
            CompletableFuture<HaServe> a = CompletableFuture.supplyAsync(() -> start(cluster, "a"));
            CompletableFuture<HaServe> b = CompletableFuture.supplyAsync(() -> start(cluster, "b"));
            List<HaServe> both = List.of(a.get(90, TimeUnit.SECONDS), b.get(90, TimeUnit.SECONDS));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (both.stream().noneMatch(s -> s.backend().leading())) {
                    assertThat(System.nanoTime()).as("one of the two takes the lease").isLessThan(deadline);
                    Thread.sleep(20);
                }
                for (int i = 0; i < 50; i++) { // never two leaders at once
                    assertThat(both.stream().filter(s -> s.backend().leading()).count()).isEqualTo(1);
                    Thread.sleep(10);
                }
                HaServe leader = both.stream().filter(s -> s.backend().leading()).findFirst().orElseThrow();
                HaServe follower = both.get(0) == leader ? both.get(1) : both.get(0);

                long commandsBefore = cluster.number("SELECT last_command_number FROM engine_state");
                HaCluster.Reply redirected = cluster.post(follower.uri() + "/v1/orders", order(0));
                assertThat(redirected.status()).isEqualTo(307);
                assertThat(redirected.location()).isEqualTo(leader.uri() + "/v1/orders");
                assertThat(redirected.body()).contains("\"code\":\"NOT_LEADER\"");
                assertThat(cluster.number("SELECT count(*) FROM orders WHERE client_order_id = 'h0'"))
                        .as("the follower wrote nothing").isZero();
                assertThat(cluster.number("SELECT last_command_number FROM engine_state") - commandsBefore)
                        .as("no command from the follower's request").isLessThanOrEqualTo(2); // the leader's clock

                // Cut every connection the instances hold, while orders keep coming.
                List<String> acknowledged = new ArrayList<>();
                for (int i = 1; i <= 60; i++) {
                    if (i == 20) {
                        cluster.rows("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
                    }
                    HaServe now = both.stream().filter(s -> s.backend().leading()).findFirst().orElse(null);
                    if (now == null) {
                        Thread.sleep(50);
                        continue;
                    }
                    HaCluster.Reply r = cluster.post(now.uri() + "/v1/orders", order(i));
                    assertThat(r.status()).as(r.body()).isIn(200, 307, 503);
                    if (r.status() == 200) {
                        acknowledged.add("h" + i);
                    }
                }
                assertThat(acknowledged).hasSizeGreaterThan(30);
                List<String> stored = cluster.rows("SELECT client_order_id FROM orders WHERE client_order_id IS NOT"
                        + " NULL");
                assertThat(stored).as("every acknowledged order is committed").containsAll(acknowledged);
                assertThat(cluster.rows("SELECT client_order_id FROM orders GROUP BY user_address, client_order_id"
                        + " HAVING count(*) > 1")).as("none twice").isEmpty();
            } finally {
                for (HaServe s : both) {
                    s.close();
                }
            }
        }
    }

    private static HaServe start(HaCluster cluster, String node) {
        Map<String, String> flags = HaCluster.inProcessFlags(cluster.databaseUrl, node);
        flags.put("rate_limit.ip_per_sec", "0");
        flags.put("rate_limit.user_per_sec", "0");
        flags.put("server.default_margin", "none");
        // Inline (not the default): the test reads the tables in SQL right after the database comes back, before a
        // table writer behind the log would have written the acknowledged orders (HaTablesBehindIT covers that mode).
        flags.put("persistence.tables", "inline");
        ServerConfig config = ServerConfigLoader.load(flags, Map.of(), null);
        try {
            return HaServe.start(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
