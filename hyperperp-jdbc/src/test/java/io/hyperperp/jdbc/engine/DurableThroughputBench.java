package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.jdbc.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable throughput: the engine with group commit to an embedded PostgreSQL (fsync on), many producer threads
 * submitting a mixed workload (place / cancel / amend over about 1,000 resting orders), acknowledgement after
 * commit. Prints commands/s, ack latency percentiles, rows/s and the average group size.
 *
 * <p>Run: {@code mvn -pl hyperperp-jdbc verify -Dit.test=DurableThroughputIT -Dhyperperp.bench=true}, or this
 * main class with the test classpath. Settings (system properties): {@code bench.seconds} (20),
 * {@code bench.warmup} (5), {@code bench.producers} (16), {@code bench.window} (32 in flight per producer),
 * {@code bench.resting} (1000), {@code bench.maxGroup} (4096).
 */
public final class DurableThroughputBench {

    private DurableThroughputBench() {
    }

    /** What one run measured. */
    record Result(double commandsPerSecond, double p50Millis, double p99Millis, double p999Millis, double maxMillis,
                  double rowsPerSecond, double averageGroupSize, long commands) {
        @Override
        public String toString() {
            return String.format("commands/s %.0f, ack latency p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms,"
                            + " rows/s %.0f, average group %.1f commands (%d commands measured)", commandsPerSecond,
                    p50Millis, p99Millis, p999Millis, maxMillis, rowsPerSecond, averageGroupSize, commands);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run());
    }

    static Result run() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int producers = Integer.getInteger("bench.producers", 16);
        int window = Integer.getInteger("bench.window", 32);
        int resting = Integer.getInteger("bench.resting", 1_000);
        int maxGroup = Integer.getInteger("bench.maxGroup", 4_096);
        Path dir = Path.of("target", "bench", UUID.randomUUID().toString());
        try (PersistentEngine engine = PersistentEngine.builder(DatabaseConfig.embedded(dir),
                TestMarkets.registry()).maxGroupSize(maxGroup).start()) {
            AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
            Producer[] all = new Producer[producers];
            for (int i = 0; i < producers; i++) {
                all[i] = new Producer(engine, i, resting / producers, window, clock);
            }
            CountDownLatch done = new CountDownLatch(producers);
            long begin = System.nanoTime();
            long measureFrom = begin + warmup * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            for (Producer p : all) {
                p.measureFrom = measureFrom;
                p.end = end;
                Thread t = new Thread(() -> {
                    try {
                        p.loop();
                    } finally {
                        done.countDown();
                    }
                }, "producer-" + p.index);
                t.start();
            }
            Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            JdbcCommitHook.Stats startStats = engine.commitHook().stats();
            long t0 = System.nanoTime();
            Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
            JdbcCommitHook.Stats endStats = engine.commitHook().stats();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            done.await();
            long count = 0;
            for (Producer p : all) {
                count += p.latencyCount;
            }
            long[] latencies = new long[(int) count];
            int k = 0;
            for (Producer p : all) {
                System.arraycopy(p.latencies, 0, latencies, k, p.latencyCount);
                k += p.latencyCount;
            }
            Arrays.sort(latencies);
            long commands = endStats.commands() - startStats.commands();
            long groups = endStats.groups() - startStats.groups();
            int open = engine.runtime().query(e -> e.image().openOrders().size()).get();
            System.out.println("commit stages (ms): " + engine.commitHook().stageMillis());
            System.out.println("resting orders at the end: " + open + ", producers " + producers + ", window "
                    + window + ", group commits " + groups);
            return new Result(commands / elapsed, pct(latencies, 0.50), pct(latencies, 0.99), pct(latencies, 0.999),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                    (endStats.rows() - startStats.rows()) / elapsed, groups == 0 ? 0 : (double) commands / groups,
                    commands);
        } finally {
            delete(dir);
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final class InFlight {
        final long submitted = System.nanoTime();
        volatile long acked;
        CompletableFuture<CommandResult> future;
    }

    /** One user placing, cancelling and amending its own orders with a bounded number in flight. */
    private static final class Producer {
        final PersistentEngine engine;
        final int index;
        final int target;
        final int window;
        final AtomicLong clock;
        final String user;
        final SplittableRandom random;
        final List<long[]> open = new ArrayList<>(); // {orderId, marketIndex, price}
        final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        long measureFrom;
        long end;
        long[] latencies = new long[1 << 16];
        int latencyCount;

        Producer(PersistentEngine engine, int index, int target, int window, AtomicLong clock) {
            this.engine = engine;
            this.index = index;
            this.target = Math.max(1, target);
            this.window = window;
            this.clock = clock;
            this.user = "0xbe" + Integer.toHexString(1_000 + index);
            this.random = new SplittableRandom(index);
        }

        void loop() {
            while (System.nanoTime() < end) {
                while (inFlight.size() >= window) {
                    complete(inFlight.poll());
                }
                InFlight f = new InFlight();
                f.future = engine.runtime().submit(next());
                f.future.thenRun(() -> f.acked = System.nanoTime());
                inFlight.add(f);
            }
            while (!inFlight.isEmpty()) {
                complete(inFlight.poll());
            }
        }

        private void complete(InFlight f) {
            CommandResult r = f.future.join();
            if (f.submitted >= measureFrom && f.submitted < end && r.processed()) {
                while (f.acked == 0) {
                    Thread.onSpinWait();
                }
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencyCount * 2);
                }
                latencies[latencyCount++] = f.acked - f.submitted;
            }
            if (r.rejection().filter(x -> x == io.hyperperp.core.event.RejectReason.UNKNOWN_ORDER).isPresent()) {
                remove(r.command() instanceof CancelOrder c ? c.orderId() : ((AmendOrder) r.command()).orderId());
            }
            for (EngineEvent e : r.events()) {
                if (e instanceof EngineEvent.OrderAccepted a && a.order().userAddress().equals(user)) {
                    open.add(new long[] {a.order().orderId(), a.order().marketId(), a.order().price()});
                } else if (e instanceof EngineEvent.OrderCancelled c && c.order().userAddress().equals(user)) {
                    remove(c.order().orderId());
                } else if (e instanceof EngineEvent.OrderFilled o && o.order().userAddress().equals(user)) {
                    remove(o.order().orderId());
                }
            }
        }

        private void remove(long orderId) {
            for (int i = open.size() - 1; i >= 0; i--) {
                if (open.get(i)[0] == orderId) {
                    open.set(i, open.get(open.size() - 1));
                    open.remove(open.size() - 1);
                    return;
                }
            }
        }

        private Command next() {
            long ts = clock.incrementAndGet();
            int roll = random.nextInt(100);
            int own = open.size();
            boolean needMore = own < target;
            if (own == 0 || (needMore && roll < 60) || (!needMore && roll < 30)) {
                MarketSpec m = TestMarkets.SPECS.get(random.nextInt(TestMarkets.SPECS.size()));
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long mid = 2_000 + m.marketId() * 100;
                long offset = random.nextInt(20) == 0 ? -1 : 1 + random.nextInt(30); // 5% cross the spread
                long ticks = side == Side.BUY ? mid - offset : mid + offset;
                return PlaceOrder.limit(ts, user, m.marketId(), side, ticks * m.tickSize(),
                        m.minSize() * (1 + random.nextInt(10)));
            }
            long[] o = open.get(random.nextInt(own));
            if (roll < 70) {
                return CancelOrder.byId(ts, user, o[0]);
            }
            MarketSpec m = TestMarkets.SPECS.get((int) o[1] - 1);
            return AmendOrder.byId(ts, user, o[0], AmendOrder.UNCHANGED, m.minSize() * (1 + random.nextInt(10)));
        }
    }
}
