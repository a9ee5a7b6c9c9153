package io.hyperperp.bench.jmh;

import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.MatchingEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the exchange-core style {@link MixedWorkload} (9% GTC, 3% IOC, 6% cancel, 82%
 * amend on a ~1,000-order book): one invocation runs all measured commands on a fresh engine whose
 * book was built by the warm-up commands (untimed). The score is commands per second.
 *
 * <p>{@code restingStops} adds that many untriggered stop orders far from the price to the
 * warm-up: with 10,000 of them the throughput must stay within 5% of the run without.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MixedWorkloadBenchmark {

    /** Measured commands per invocation. */
    public static final int COMMANDS = 100_000;

    /** Workload seed. */
    @Param("1")
    public long seed;

    /** Untriggered stop-market orders resting during the run (they never fire). */
    @Param({"0", "10000"})
    public int restingStops;

    private Command[] warmup;
    private Command[] measured;
    private MatchingEngine engine;
    private CountingHandler handler;

    /** Generates the workload once. */
    @Setup(Level.Trial)
    public void generate() {
        MixedWorkload workload = MixedWorkload.generateApart(seed, COMMANDS);
        java.util.List<Command> prefix = new java.util.ArrayList<>(workload.warmup());
        for (int i = 0; i < restingStops; i++) {
            Side side = i % 2 == 0 ? Side.SELL : Side.BUY;
            long away = (5_000L + i % 1_000) * 1_000_000L; // 50.00 to 60.00 from the mid: never reached
            long trigger = side == Side.SELL ? MixedWorkload.MID_PRICE - away : MixedWorkload.MID_PRICE + away;
            prefix.add(PlaceConditionalOrder.stopMarket(MixedWorkload.START_TIMESTAMP, "0xstop" + (i % 100),
                    MixedWorkload.MARKET_ID, side, trigger, 10_000L));
        }
        warmup = prefix.toArray(new Command[0]);
        measured = workload.measured().toArray(new Command[0]);
    }

    /** A fresh engine with the warm-up book before every invocation. */
    @Setup(Level.Invocation)
    public void freshEngine() {
        handler = new CountingHandler();
        engine = new MatchingEngine(MixedWorkload.registry(), handler);
        for (Command command : warmup) {
            engine.process(command);
        }
    }

    /** Runs the measured commands. */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long mixed() {
        for (Command command : measured) {
            engine.process(command);
        }
        return handler.checksum();
    }
}
