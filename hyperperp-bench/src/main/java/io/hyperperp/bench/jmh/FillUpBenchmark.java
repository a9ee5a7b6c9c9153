package io.hyperperp.bench.jmh;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.order.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fills an empty engine with 1,000,000 resting orders over 10,000 price levels (5,000 a side, 100
 * orders each, 1,000 users) and reports the time to do so and, after each iteration, the heap the
 * filled engine retains (printed as {@code retained heap}, measured with full GCs before and after).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class FillUpBenchmark {

    /** Resting orders. */
    public static final int ORDERS = 1_000_000;
    /** Price levels (both sides together). */
    public static final int LEVELS = 10_000;

    private static final long TICK = 1_000_000L;
    private static final long LOT = 10_000L;

    private PlaceOrder[] commands;
    private MatchingEngine engine;
    private long heapBefore;

    /** Builds the commands once. */
    @Setup(Level.Trial)
    public void build() {
        commands = new PlaceOrder[ORDERS];
        String[] users = new String[1_000];
        for (int u = 0; u < users.length; u++) {
            users[u] = "0x" + Integer.toHexString(u + 1);
        }
        int perSide = LEVELS / 2;
        long ts = MixedWorkload.START_TIMESTAMP;
        for (int i = 0; i < ORDERS; i++) {
            Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
            long offset = (1 + (i / 2) % perSide) * TICK;
            long price = side == Side.BUY ? MixedWorkload.MID_PRICE - offset : MixedWorkload.MID_PRICE + offset;
            commands[i] = PlaceOrder.limit(ts + i, users[i % users.length], 1, side, price, (1 + i % 10) * LOT);
        }
    }

    /** Drops the previous engine and records the heap baseline. */
    @Setup(Level.Iteration)
    public void baseline() {
        engine = null;
        heapBefore = usedHeapAfterGc();
    }

    /** Places every order into a fresh engine. */
    @Benchmark
    public MatchingEngine fill() {
        engine = new MatchingEngine(MixedWorkload.registry(), new CountingHandler());
        for (PlaceOrder command : commands) {
            engine.process(command);
        }
        return engine;
    }

    /** Prints the heap the filled engine retains. */
    @TearDown(Level.Iteration)
    public void report() {
        long retained = usedHeapAfterGc() - heapBefore;
        int levels = engine.depth(1, Integer.MAX_VALUE).bids().size() + engine.depth(1, Integer.MAX_VALUE).asks().size();
        System.out.printf("%nretained heap: %.1f MiB for %d orders on %d levels (%d bytes/order)%n",
                retained / 1048576.0, ORDERS, levels, retained / ORDERS);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
