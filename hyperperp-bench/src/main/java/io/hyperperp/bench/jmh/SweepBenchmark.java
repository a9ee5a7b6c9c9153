package io.hyperperp.bench.jmh;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.order.Side;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One market buy order that sweeps 10,000 ask levels (one order each, tick 0.01 above 30000.00,
 * well inside the 5% protection price): 10,000 fills, 10,000 emptied levels. The book is rebuilt
 * (untimed) before every invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SweepBenchmark {

    /** Ask levels swept. */
    public static final int LEVELS = 10_000;

    private static final long TICK = 1_000_000L;
    private static final long SIZE = 100 * 10_000L;

    private PlaceOrder[] book;
    private PlaceOrder sweep;
    private MatchingEngine engine;
    private CountingHandler handler;

    /** Builds the commands once. */
    @Setup(Level.Trial)
    public void build() {
        book = new PlaceOrder[LEVELS];
        long ts = MixedWorkload.START_TIMESTAMP;
        for (int i = 0; i < LEVELS; i++) {
            book[i] = PlaceOrder.limit(ts + i, "0x" + Integer.toHexString(1 + i % 1_000), 1, Side.SELL,
                    MixedWorkload.MID_PRICE + (i + 1) * TICK, SIZE);
        }
        sweep = PlaceOrder.market(ts + LEVELS, "0xbeef", 1, Side.BUY, SIZE * LEVELS);
    }

    /** A fresh book before every invocation. */
    @Setup(Level.Invocation)
    public void fillBook() {
        handler = new CountingHandler();
        engine = new MatchingEngine(MixedWorkload.registry(), handler);
        for (PlaceOrder command : book) {
            engine.process(command);
        }
    }

    /** The sweeping market order. */
    @Benchmark
    public long sweep() {
        engine.process(sweep);
        if (handler.fills() != LEVELS) {
            throw new IllegalStateException("expected " + LEVELS + " fills, got " + handler.fills());
        }
        return handler.checksum();
    }
}
