package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.CommandLog;
import io.hyperperp.jdbc.engine.EngineRecovery;
import io.hyperperp.server.config.ServerConfigLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * High availability with the tables written behind the command log ({@code persistence.tables = behind}), real
 * processes on one embedded PostgreSQL: each leader's table writer gathers for 10 s, so it holds acknowledged
 * groups it has not written when (1) it is killed and (2) it is paused past its lease and resumed. Each time the
 * new leader catches the tables up from the log before it serves, the deposed writer writes nothing after the
 * fence, reads on the new leader see every acknowledged order, and the tables equal the log replayed.
 */
class HaTablesBehindIT {

    private static final long LEASE_MILLIS = 1_000;
    private static final Map<String, String> BEHIND = Map.of("persistence.tables", "behind",
            "persistence.tables_batch_ms", "10000");
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");

    @Test
    void aNewLeaderCatchesUpTheTablesItsPredecessorLeftBehind() throws Exception {
        try (HaCluster cluster = new HaCluster()) {
            List<String> acked = new ArrayList<>();
            HaNode a = cluster.start("a", LEASE_MILLIS, BEHIND);
            cluster.awaitRole(a, "leader", Duration.ofSeconds(30));
            HaNode b = cluster.start("b", LEASE_MILLIS, BEHIND);
            cluster.awaitRole(b, "follower", Duration.ofSeconds(30));

            // (1) The leader killed with groups its writer has not written.
            place(cluster, a, "a", 120, acked);
            assertBehind(cluster);
            a.kill();
            cluster.awaitRole(b, "leader", Duration.ofSeconds(30));
            assertReadable(cluster, b, acked);
            cluster.awaitTablesAtLog();
            assertTablesAreTheLogReplayed(cluster);

            // (2) The leader paused past its lease with groups its writer has not written, then resumed.
            HaNode c = cluster.start("c", LEASE_MILLIS, BEHIND);
            cluster.awaitRole(c, "follower", Duration.ofSeconds(30));
            cluster.awaitCaughtUp(c);
            place(cluster, b, "b", 120, acked);
            assertBehind(cluster);
            b.pause();
            cluster.awaitRole(c, "leader", Duration.ofSeconds(30));
            place(cluster, c, "c", 40, acked);
            b.resume();
            cluster.awaitRole(b, "follower", Duration.ofSeconds(30));
            place(cluster, c, "d", 40, acked);
            assertReadable(cluster, c, acked);
            cluster.awaitTablesAtLog();
            assertTablesAreTheLogReplayed(cluster);
            assertThat(cluster.number("SELECT leader_term FROM read_model_watermark"))
                    .isEqualTo(cluster.number("SELECT term FROM ha_lease"));
        }
    }

    /** Places {@code count} orders, half of them crossing, one at a time; each is acknowledged. */
    private static void place(HaCluster cluster, HaNode leader, String prefix, int count, List<String> acked)
            throws Exception {
        for (int i = 0; i < count; i++) {
            boolean buy = i % 2 == 0;
            String body = "{\"user_address\":\"" + (buy ? "0xb" : "0x5") + (i % 3) + "\",\"market_id\":1,\"side\":\""
                    + (buy ? "buy" : "sell") + "\",\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\""
                    + (i % 4 < 2 ? "100.0" : buy ? "99.0" : "101.0") + "\",\"client_order_id\":\"" + prefix + i
                    + "\"}";
            HaCluster.Reply reply = cluster.post(leader.url + "/v1/orders", body);
            // A lease renewal late by over the 1 s lease (two test JVMs on two loaded cores) leaves a moment with no
            // live lease: the gate refuses before the engine sees the order (503 NO_LEADER, Retry-After), and a
            // client retries, as this one does, for a few seconds
            long retryUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reply.status() == 503 && reply.body().contains("NO_LEADER") && System.nanoTime() < retryUntil) {
                Thread.sleep(100);
                reply = cluster.post(leader.url + "/v1/orders", body);
            }
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            Matcher m = ORDER_ID.matcher(reply.body());
            assertThat(m.find()).isTrue();
            acked.add(m.group(1));
        }
    }

    /** The leader's writer (gathering for 10 s) has not written what the log holds. */
    private static void assertBehind(HaCluster cluster) {
        assertThat(cluster.number("SELECT last_command_number FROM read_model_watermark"))
                .as("the tables are behind the log").isLessThan(
                        cluster.number("SELECT last_command_number FROM engine_state"));
    }

    /** Every acknowledged order is served by the leader (its reads wait for its tables). */
    private static void assertReadable(HaCluster cluster, HaNode leader, List<String> acked) throws Exception {
        for (String id : acked) {
            HaCluster.Reply reply = cluster.get(leader.url + "/v1/orders/" + id);
            assertThat(reply.status()).as("order %s on the new leader: %s", id, reply.body()).isEqualTo(200);
            assertThat(reply.role()).isEqualTo("leader");
        }
    }

    /** The state the tables hold is what the whole command log replays to, from an empty engine. */
    private static void assertTablesAreTheLogReplayed(HaCluster cluster) {
        MarketRegistry markets = ServerConfigLoader.load(Map.of("server.default_margin", "none"), Map.of(), null)
                .markets();
        try (Database db = Database.start(DatabaseConfig.fromUrl(cluster.databaseUrl))) {
            MatchingEngine engine = new MatchingEngine(markets, new EventRecorder());
            long at = 0;
            for (List<Command> commands = CommandLog.readGroupsAfter(db.jdbi(), at, 64); !commands.isEmpty();
                 commands = CommandLog.readGroupsAfter(db.jdbi(), at, 64)) {
                commands.forEach(engine::process);
                at += commands.size();
            }
            EngineRecovery.Positioned tables = EngineRecovery.loadPositioned(db.jdbi(), markets);
            assertThat(tables.lastCommandNumber()).isEqualTo(at);
            assertThat(tables.image()).isEqualTo(engine.image());
            assertThat(cluster.number("SELECT count(*) FROM trades")).isPositive()
                    .isEqualTo(cluster.number("SELECT last_trade_number FROM engine_state"));
        }
    }
}
