package io.hyperperp.server.ha;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients placing limit orders that cross about half the time, each with its own client order id, through
 * whichever instance they believe leads, the way a client of an HA deployment should:
 * <ul>
 *   <li>a {@code 307} names the leader: go there;</li>
 *   <li>{@code 503} (no leader yet, or a deposed leader that committed nothing) and a refused connection mean the
 *       order was not taken: try the next instance;</li>
 *   <li>a connection lost after the request went out is ambiguous: once another instance leads (the old one is
 *       fenced, so it can commit nothing more), look the client order id up and send again only if it is not
 *       there.</li>
 * </ul>
 */
final class OrderLoad {

    /** An acknowledged order, sent at {@code sentNanos} (the last attempt) and acknowledged at {@code nanos}. */
    record Ack(String user, String clientOrderId, String orderId, String node, long sentNanos, long nanos) {
    }

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");

    private final HaCluster cluster;
    private final List<HaNode> nodes;
    private final AtomicReference<String> leader;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final Map<String, Ack> acked = new ConcurrentHashMap<>();
    final Map<String, String> foundAfterAmbiguity = new ConcurrentHashMap<>();
    final Map<String, Integer> rejected = new ConcurrentHashMap<>();
    /** Answers seen, by status (and "connect" / "lost" for failures), for the test's log. */
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Thread[] threads;

    OrderLoad(HaCluster cluster, List<HaNode> nodes, String leaderUrl, int clients) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.leader = new AtomicReference<>(leaderUrl);
        this.threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads[i] = new Thread(() -> run(client), "ha-client-" + i);
            threads[i].setDaemon(true);
        }
    }

    void start() {
        for (Thread t : threads) {
            t.start();
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    private void run(int client) {
        Random random = new Random(client);
        for (int n = 0; running.get(); n++) {
            boolean buy = random.nextBoolean();
            String user = (buy ? "0xb" : "0x5") + client;
            String price = buy ? (random.nextBoolean() ? "100.0" : "99.0") : (random.nextBoolean() ? "100.0" : "101.0");
            String cid = "c" + client + "-" + n;
            String body = "{\"user_address\":\"" + user + "\",\"market_id\":1,\"side\":\"" + (buy ? "buy" : "sell")
                    + "\",\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"" + price
                    + "\",\"client_order_id\":\"" + cid + "\"}";
            try {
                place(user, cid, body);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void place(String user, String cid, String body) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int next = 0;
        while (System.nanoTime() < deadline) {
            String target = leader.get();
            long sent = System.nanoTime();
            try {
                HaCluster.Reply r = cluster.post(target + "/v1/orders", body);
                answers.merge(r.status() + (r.status() == 503 ? " " + r.body().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1") : ""), 1, Integer::sum);
                if (r.status() == 200 || r.status() == 201) {
                    Matcher m = ORDER_ID.matcher(r.body());
                    acked.put(cid, new Ack(user, cid, m.find() ? m.group(1) : null, target, sent, System.nanoTime()));
                    return;
                }
                if (r.status() == 307 && r.location() != null) {
                    URI location = URI.create(r.location());
                    leader.compareAndSet(target, location.getScheme() + "://" + location.getRawAuthority());
                    continue;
                }
                if (r.status() == 503) {
                    leader.compareAndSet(target, nodes.get(next++ % nodes.size()).url);
                    Thread.sleep(10);
                    continue;
                }
                rejected.merge(r.status() + " " + r.body().replaceAll("\"message\":\"[^\"]*\"", ""), 1, Integer::sum);
                return;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                answers.merge("connect", 1, Integer::sum);
                leader.compareAndSet(target, nodes.get(next++ % nodes.size()).url);
                Thread.sleep(10);
            } catch (IOException e) {
                // Sent, maybe committed: decide only once the old leader is fenced.
                answers.merge("lost " + e.getClass().getSimpleName(), 1, Integer::sum);
                awaitOtherLeader(target);
                if (!cluster.rows("SELECT id::text FROM orders WHERE user_address = '" + user
                        + "' AND client_order_id = '" + cid + "'").isEmpty()) {
                    foundAfterAmbiguity.put(cid, user);
                    return;
                }
            }
        }
        throw new AssertionError("order " + cid + " not placed within 30 s");
    }

    private void awaitOtherLeader(String deposed) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (HaNode node : nodes) {
                if (!node.url.equals(deposed) && "leader".equals(cluster.role(node).orElse(null))) {
                    leader.set(node.url);
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no other instance took over from " + deposed);
    }
}
