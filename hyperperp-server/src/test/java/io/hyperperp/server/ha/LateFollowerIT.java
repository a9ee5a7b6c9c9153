package io.hyperperp.server.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.EngineSnapshots;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.config.ServerConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower started after thousands of commands starts from the tables' image at one command number (the group
 * commit keeps them current) and replays only the log after it; its whole engine (books, conditional orders,
 * accounts, positions, counters, mark prices) then equals the leader's, byte for byte in the engine's snapshot
 * format. The leader stores a snapshot every second and prunes the log before it: the follower needs none of
 * the pruned commands. Two instances in this JVM on one embedded PostgreSQL.
 */
class LateFollowerIT {

    private static final Logger LOG = LoggerFactory.getLogger(LateFollowerIT.class);
    private static final long MARKET = 1;
    private static final long TICK = 1_000_000L; // 0.01 at 8 price decimals
    private static final long LOT = 10_000L;     // 0.0001 at 8 size decimals
    private static final long USDC = 1_000_000L;
    private static final int BEFORE = 3_000;
    private static final int WHILE_STARTING = Integer.getInteger("late.more", 600);

    @Test
    void aLateFollowerReplaysOnlyTheLogAfterTheTablesAndEqualsTheLeader() throws Exception {
        try (HaCluster cluster = new HaCluster(); HaServe leader = HaServe.start(config(cluster, "leader"))) {
            awaitLeading(leader);
            Commands commands = new Commands(42);
            submit(leader.backend().runtime(), commands, BEFORE);
            long beforeFollower = cluster.number("SELECT last_command_number FROM engine_state");
            long pruned = awaitPruned(cluster);

            CompletableFuture<Void> more = CompletableFuture.runAsync(() -> submit(leader.backend().runtime(),
                    commands, WHILE_STARTING));
            try (HaServe follower = HaServe.start(config(cluster, "late"))) {
                more.get(60, TimeUnit.SECONDS);
                EngineImage leaderImage = awaitSameImage(leader, follower);
                LogFollower log = follower.backend().follower();
                long committed = cluster.number("SELECT last_command_number FROM engine_state");
                LOG.info("Late follower: started from command {} (the leader had committed {} before it started, the"
                        + " log was pruned up to command {}), replayed {} to {}; {} open orders, {} conditional,"
                        + " {} accounts, {} positions", log.startedFrom(), beforeFollower, pruned,
                        log.applied() - log.startedFrom(), log.applied(),
                        leaderImage.openOrders().size(), leaderImage.conditionalOrders().size(),
                        leaderImage.ledger().accounts().size(), leaderImage.positions().size());
                assertThat(log.startedFrom()).as("started from the tables, not from command 0")
                        .isGreaterThanOrEqualTo(beforeFollower);
                // The leader's idle clock may commit a time advance after the images matched: the follower catches up.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (log.applied() != committed && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                    committed = cluster.number("SELECT last_command_number FROM engine_state");
                }
                assertThat(log.applied()).isEqualTo(committed);
                assertThat(leaderImage.openOrders()).hasSizeGreaterThan(10);
                assertThat(leaderImage.conditionalOrders()).isNotEmpty();
                assertThat(leaderImage.ledger().accounts()).hasSizeGreaterThan(3);
                assertThat(leaderImage.positions()).isNotEmpty();
                assertThat(leaderImage.counters().tradeCounter()).isGreaterThan(100);
                for (String path : List.of("/v1/accounts/0xa1", "/v1/accounts/0xa2/ledger?limit=50",
                        "/v1/positions?user_address=0xa3", "/v1/orderbook/1")) {
                    HaCluster.Reply fromLeader = cluster.get("http://127.0.0.1:" + leader.server().port() + path);
                    HaCluster.Reply fromFollower = cluster.get("http://127.0.0.1:" + follower.server().port() + path);
                    assertThat(fromLeader.status()).as(path).isEqualTo(200);
                    assertThat(withoutClock(fromFollower.body())).as("the follower's %s", path)
                            .isEqualTo(withoutClock(fromLeader.body()));
                }
            }
        }
    }

    /** The book's {@code last_updated} is the time of the answer, not state. */
    private static String withoutClock(String json) {
        return json.replaceAll("\"last_updated\":\"?[^\",}]*\"?", "");
    }

    /**
     * Waits until the leader stored a snapshot and pruned the log before it ({@code ha.kept_snapshots=1}).
     *
     * @return the last command pruned
     */
    private static long awaitPruned(HaCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cluster.number("SELECT count(*) FROM engine_snapshots") == 0
                || cluster.number("SELECT count(*) FROM command_groups WHERE first_command_number = 1") > 0) {
            assertThat(System.nanoTime()).as("the log pruned in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        // One statement, one view of the tables: the log continues right after the oldest kept snapshot.
        assertThat(cluster.number("SELECT COALESCE((SELECT min(first_command_number) FROM command_groups),"
                + " (SELECT max(last_command_number) + 1 FROM engine_snapshots))"
                + " - (SELECT min(last_command_number) FROM engine_snapshots)")).isEqualTo(1);
        return cluster.number("SELECT min(last_command_number) FROM engine_snapshots");
    }

    /** Polls until both engines hold the same image (the leader may be between processing and committing). */
    private static EngineImage awaitSameImage(HaServe leader, HaServe follower) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            EngineImage fromLeader = image(leader);
            EngineImage fromFollower = image(follower);
            if (fromLeader.equals(fromFollower) || System.nanoTime() > deadline) {
                org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
                soft.assertThat(fromFollower.counters()).as("counters").isEqualTo(fromLeader.counters());
                soft.assertThat(fromFollower.markets()).as("markets").isEqualTo(fromLeader.markets());
                soft.assertThat(fromFollower.openOrders()).as("open orders").isEqualTo(fromLeader.openOrders());
                soft.assertThat(fromFollower.conditionalOrders()).as("conditional orders")
                        .isEqualTo(fromLeader.conditionalOrders());
                soft.assertThat(fromFollower.positions()).as("positions").isEqualTo(fromLeader.positions());
                soft.assertThat(fromFollower.ledger()).as("accounts").isEqualTo(fromLeader.ledger());
                soft.assertAll();
                assertThat(bytes(fromFollower)).as("the follower's engine snapshot equals the leader's")
                        .isEqualTo(bytes(fromLeader));
                assertThat(fromFollower).isEqualTo(fromLeader);
                return fromLeader;
            }
            Thread.sleep(20);
        }
    }

    private static EngineImage image(HaServe serve) throws Exception {
        return serve.backend().runtime().query(MatchingEngine::image).get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(EngineImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineSnapshots.write(image, out);
        return out.toByteArray();
    }

    private static void awaitLeading(HaServe serve) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!serve.backend().leading()) {
            assertThat(System.nanoTime()).as("leading in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void submit(EngineRuntime runtime, Commands commands, int n) {
        try {
            for (int i = 0; i < n; i++) {
                CommandResult result = runtime.submit(commands.next()).get(30, TimeUnit.SECONDS);
                assertThat(result.status()).isEqualTo(CommandResult.Status.PROCESSED);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.hyperperp.server.config.ServerConfig config(HaCluster cluster, String node) {
        Map<String, String> flags = HaCluster.inProcessFlags(cluster.databaseUrl, node);
        flags.put("settlement.batch_timeout_secs", "0.2");
        flags.put("ha.snapshot_interval_secs", "1");
        flags.put("ha.kept_snapshots", "1");
        return ServerConfigLoader.load(flags, Map.of(), null);
    }

    /**
     * A seeded mix of what the engine keeps state for: deposits and withdrawals, leverage, limit orders (some
     * expiring soon), market orders, stop and take-profit orders (some in OCO pairs, some by mark), mark prices,
     * funding, cancels. Timestamps are now (the leader's engine clock moves with the wall clock).
     */
    private static final class Commands {

        private final SplittableRandom random;
        private int n;

        Commands(long seed) {
            this.random = new SplittableRandom(seed);
        }

        synchronized Command next() {
            long ts = EngineClock.micros();
            String user = "0x" + Integer.toHexString(0xa1 + random.nextInt(6));
            int roll = n++ < 6 ? 0 : random.nextInt(100);
            long price = (10_000 + random.nextInt(21) - 10) * TICK; // 99.90 .. 100.10
            long size = (1 + random.nextInt(50)) * LOT * 100;
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            if (roll < 3) {
                return new Deposit(ts, n <= 6 ? "0x" + Integer.toHexString(0xa0 + n) : user,
                        (100_000 + random.nextInt(100_000)) * USDC, "tx-" + n);
            }
            if (roll < 5) {
                return new Withdraw(ts, user, (1 + random.nextInt(1_000)) * USDC);
            }
            if (roll < 7) {
                return new SetLeverage(ts, user, MARKET, 1 + random.nextInt(20));
            }
            if (roll < 12) {
                return new UpdateMarkPrice(ts, "0xfeed", MARKET, price);
            }
            if (roll < 14) {
                return new ApplyFunding(ts, "0xfeed", MARKET, random.nextLong(-20_000, 20_001));
            }
            if (roll < 17) {
                return new CancelAll(ts, user, MARKET);
            }
            if (roll < 30) {
                boolean limit = random.nextBoolean();
                return new PlaceConditionalOrder(ts, user, MARKET, side,
                        random.nextBoolean() ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT,
                        limit ? OrderType.LIMIT : OrderType.MARKET, price,
                        random.nextInt(3) == 0 ? TriggerReference.MARK : TriggerReference.LAST,
                        limit ? price : 0, size, null, false, null, 0,
                        random.nextInt(3) == 0 ? "oco" + random.nextInt(2) : null);
            }
            if (roll < 38) {
                return PlaceOrder.market(ts, user, MARKET, side, size);
            }
            long expires = roll < 45 ? ts + 200_000 + random.nextInt(2_000_000) : PlaceOrder.NO_EXPIRY;
            return new PlaceOrder(ts, user, MARKET, side, OrderType.LIMIT, TimeInForce.GTC, price, size, null,
                    false, null, expires);
        }
    }
}
