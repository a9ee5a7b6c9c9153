package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fail-over time as a distribution: the leader of a two-instance cluster (each its own JVM, 1 s lease) fails
 * {@code -Dhyperperp.ha.failovers} times (default 10) under load, and each time a client that retries on the
 * other instance measures the time from the failure to its first order that instance acknowledges. The failed
 * instance is replaced by a new follower before the next round.
 *
 * <p>{@code -Dhyperperp.ha.failure=kill} (default) is {@code kill -9}: PostgreSQL ends the dead leader's sessions
 * and the follower takes over without waiting for the lease. {@code stop} is {@code SIGSTOP} (a frozen process or
 * machine, a partition): its sessions live on, so the follower waits for the lease to expire.
 */
class HaFailoverTimeIT {

    private static final Logger LOG = LoggerFactory.getLogger(HaFailoverTimeIT.class);
    private static final long LEASE_MILLIS = 1_000;
    /** Above this load average per core the machine is too busy for the 2 s fail-over bound to mean anything. */
    private static final double OVERLOADED_PER_CORE = 3.0;

    @Test
    void failsOverInUnderTwoSecondsWithAOneSecondLease() throws Exception {
        int rounds = Integer.getInteger("hyperperp.ha.failovers", 10);
        boolean stop = "stop".equals(System.getProperty("hyperperp.ha.failure", "kill"));
        List<Double> millis = new ArrayList<>();
        List<Long> leaseTaken = new ArrayList<>();
        try (HaCluster cluster = new HaCluster()) {
            HaNode leader = cluster.start("n0", LEASE_MILLIS);
            cluster.awaitRole(leader, "leader", Duration.ofSeconds(30));
            for (int round = 1; round <= rounds; round++) {
                HaNode follower = cluster.start("n" + round, LEASE_MILLIS);
                cluster.awaitRole(follower, "follower", Duration.ofSeconds(30));
                OrderLoad load = new OrderLoad(cluster, List.of(leader, follower), leader.url, 4);
                load.start();
                awaitAcks(load, 50);
                cluster.awaitCaughtUp(follower);

                long failedWallMillis = System.currentTimeMillis();
                long failed = System.nanoTime();
                if (stop) {
                    leader.pause();
                } else {
                    leader.kill();
                }
                long acknowledged = firstOrderAcknowledgedBy(cluster, follower, round);
                long taken = cluster.leaseTakenMillis() - failedWallMillis;
                double failover = (acknowledged - failed) / 1e6;
                millis.add(failover);
                leaseTaken.add(taken);
                LOG.info("Round {}: {} of the leader; lease taken +{} ms, first order acknowledged by the new leader"
                        + " +{} ms", round, stop ? "SIGSTOP" : "kill -9", taken, String.format("%.0f", failover));
                if (stop) {
                    leader.kill();
                }
                load.stop();
                cluster.awaitTablesAtLog(); // the tables behind the log (the default) follow it by a batch
                assertThat(cluster.rows("SELECT id::text FROM orders")).as("acknowledged orders, round %d", round)
                        .containsAll(load.acked.values().stream().map(OrderLoad.Ack::orderId).toList());
                leader = follower;
            }
        }
        List<Double> sorted = millis.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double loadPerCore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                / Runtime.getRuntime().availableProcessors();
        LOG.info("Fail-over after {} ({} rounds, 1 s lease, load average {} per core): median {} ms, min {} ms,"
                        + " max {} ms; all (ms): {}; lease taken after (ms): {}", stop ? "SIGSTOP" : "kill -9", rounds,
                String.format(Locale.ROOT, "%.1f", loadPerCore), String.format(Locale.ROOT, "%.0f", median),
                String.format(Locale.ROOT, "%.0f", sorted.get(0)),
                String.format(Locale.ROOT, "%.0f", sorted.get(sorted.size() - 1)),
                millis.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList(), leaseTaken);
        // The target is 2 s with a 1 s lease; on an overloaded machine processes wait seconds for a CPU.
        long bound = loadPerCore <= OVERLOADED_PER_CORE ? 2_000 : 5_000;
        assertThat(median).as("median fail-over, ms (load %.1f per core)", loadPerCore).isLessThan(bound);
    }

    /**
     * A client that was sending to the old leader turns to the other instance and sends an order until it is
     * acknowledged (a 307 or 503 means not taken: send again).
     *
     * @return when the acknowledgement arrived (nanoTime)
     */
    private static long firstOrderAcknowledgedBy(HaCluster cluster, HaNode node, int round) throws Exception {
        String order = "{\"user_address\":\"0xfa11\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"limit\","
                + "\"size\":\"1.0\",\"price\":\"99.0\",\"client_order_id\":\"probe-" + round + "\"}";
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(30);
        List<String> slow = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            HaCluster.Reply reply = cluster.post(node.url + "/v1/orders", order);
            long answered = System.nanoTime();
            if (answered - sent > TimeUnit.MILLISECONDS.toNanos(200)) {
                slow.add(String.format(Locale.ROOT, "sent +%d ms, %d after %d ms", (sent - begin) / 1_000_000,
                        reply.status(), (answered - sent) / 1_000_000));
            }
            if (reply.status() == 200 || reply.status() == 201) {
                if (!slow.isEmpty()) {
                    LOG.info("Round {}: slow answers of {}: {}", round, node.name, slow);
                }
                return answered;
            }
            assertThat(reply.status()).as("answer of an instance not yet leading: %s", reply.body()).isIn(307, 503);
            Thread.sleep(5);
        }
        throw new AssertionError(node.name + " acknowledged no order within 30 s of the failure");
    }

    private static void awaitAcks(OrderLoad load, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.acked.size() < count) {
            assertThat(System.nanoTime()).as("%d orders acknowledged in time", count).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
