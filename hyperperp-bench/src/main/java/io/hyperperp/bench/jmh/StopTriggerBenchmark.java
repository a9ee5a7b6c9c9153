package io.hyperperp.bench.jmh;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
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
 * 10,000 resting stop-market sells, all fired by one trade: the time of that one command, which
 * fires every stop, places each as a market order and fills it against a deep bid (target: under
 * 10 ms).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10)
@Measurement(iterations = 20)
public class StopTriggerBenchmark {

    private static final int STOPS = 10_000;
    private static final long TICK = 1_000_000L;
    private static final long LOT = 10_000L;

    private MatchingEngine engine;
    private CountingHandler handler;
    private Command trigger;

    /** A book with a last trade at the mid, a deep bid, and 10,000 stops just below the mid. */
    @Setup(Level.Invocation)
    public void setUp() {
        handler = new CountingHandler();
        engine = new MatchingEngine(MixedWorkload.registry(), handler);
        long ts = MixedWorkload.START_TIMESTAMP;
        long mid = MixedWorkload.MID_PRICE;
        engine.process(PlaceOrder.limit(ts++, "0xa", 1, Side.SELL, mid, LOT));
        engine.process(PlaceOrder.limit(ts++, "0xb", 1, Side.BUY, mid, LOT));
        engine.process(PlaceOrder.limit(ts++, "0xdeep", 1, Side.BUY, mid - 200 * TICK, STOPS * LOT * 2));
        for (int i = 0; i < STOPS; i++) {
            engine.process(PlaceConditionalOrder.stopMarket(ts++, "0xs" + (i % 500), 1, Side.SELL,
                    mid - TICK - (i % 100) * TICK, LOT));
        }
        engine.process(PlaceOrder.limit(ts++, "0xa", 1, Side.SELL, mid - 150 * TICK, LOT));
        trigger = PlaceOrder.limit(ts, "0xb", 1, Side.BUY, mid - 150 * TICK, LOT);
    }

    /** The trade that fires all 10,000 stops. */
    @Benchmark
    public long fireAll() {
        engine.process(trigger);
        return handler.checksum();
    }
}
