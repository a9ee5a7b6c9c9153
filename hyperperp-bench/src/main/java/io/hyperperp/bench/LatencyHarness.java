package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs commands already in memory through a {@link MatchingEngine} on the calling thread and
 * measures throughput and per-command latency (HdrHistogram, {@link System#nanoTime()} around each
 * {@code process} call).
 *
 * <p>Each iteration uses a fresh engine with a {@link CountingHandler}; the warm-up commands are
 * applied untimed first. Flat out, each iteration measures throughput with no per-command timing
 * (two {@code nanoTime} calls would cost about as much as the command), then one more pass times
 * every command for the service-time percentiles. With a target rate, command {@code i} is due at
 * {@code start + i / rate}; the harness busy-waits until then and records the latency from the due
 * time, so a stall delays and penalises every command behind it; the harness then spins for two more seconds
 * doing nothing but reading the clock ({@link MachinePauses}) to show how much of such stalls the machine itself
 * causes.
 */
public final class LatencyHarness {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(10);
    private static final long PAUSE_PROBE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final MarketRegistry markets;
    private final HarnessOptions options;

    /** A harness over the given markets. */
    public LatencyHarness(MarketRegistry markets, HarnessOptions options) {
        this.markets = Objects.requireNonNull(markets, "markets");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs {@code options.iterations()} iterations and summarises them. */
    public BenchResult run(List<Command> warmup, List<Command> measured) {
        Command[] timed = measured.toArray(new Command[0]);
        Histogram summary = new Histogram(HIGHEST_TRACKABLE, 3);
        Histogram iterationHistogram = new Histogram(HIGHEST_TRACKABLE, 3);
        List<IterationResult> results = new ArrayList<>();
        long summarisedCommands = 0;
        long summarisedNanos = 0;
        for (int it = 1; it <= options.iterations(); it++) {
            iterationHistogram.reset();
            IterationResult result = runOnce(it, warmup, timed, iterationHistogram, false);
            results.add(result);
            boolean counted = options.iterations() == 1 || it > 1;
            if (counted) {
                summary.add(iterationHistogram);
                summarisedCommands += result.commands();
                summarisedNanos += result.elapsedNanos();
            }
        }
        if (options.targetRate() == 0) {
            runOnce(options.iterations() + 1, warmup, timed, summary, true);
        }
        double throughput = summarisedNanos == 0 ? 0 : summarisedCommands * 1e9 / summarisedNanos;
        MachinePauses pauses = options.targetRate() == 0 ? null : MachinePauses.measure(PAUSE_PROBE_NANOS, options.targetRate());
        return new BenchResult(timed.length, warmup.size(), options.targetRate(), results, throughput,
                summary.getValueAtPercentile(50), summary.getValueAtPercentile(99),
                summary.getValueAtPercentile(99.9), summary.getValueAtPercentile(99.99), summary.getMaxValue(),
                summary.getMean(), summary.getTotalCount(), pauses);
    }

    private IterationResult runOnce(int iteration, List<Command> warmup, Command[] timed, Histogram histogram,
                                    boolean timeEachCommand) {
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = new MatchingEngine(markets, handler);
        for (Command command : warmup) {
            engine.process(command);
        }
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        long elapsed = options.targetRate() != 0 ? paced(engine, timed, histogram, options.targetRate())
                : timeEachCommand ? serviceTimes(engine, timed, histogram) : flatOut(engine, timed);
        return new IterationResult(iteration, timed.length, elapsed, handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore, handler.checksum());
    }

    private static long flatOut(MatchingEngine engine, Command[] timed) {
        long start = System.nanoTime();
        for (Command command : timed) {
            engine.process(command);
        }
        return System.nanoTime() - start;
    }

    private static long serviceTimes(MatchingEngine engine, Command[] timed, Histogram histogram) {
        long start = System.nanoTime();
        for (Command command : timed) {
            long t0 = System.nanoTime();
            engine.process(command);
            long t1 = System.nanoTime();
            histogram.recordValue(Math.min(t1 - t0, HIGHEST_TRACKABLE));
        }
        return System.nanoTime() - start;
    }

    private static long paced(MatchingEngine engine, Command[] timed, Histogram histogram, long rate) {
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 1_000_000;
        while (System.nanoTime() < start) {
            Thread.onSpinWait();
        }
        long end = start;
        for (int i = 0; i < timed.length; i++) {
            long due = start + (long) (i * interval);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            engine.process(timed[i]);
            end = System.nanoTime();
            histogram.recordValue(Math.min(end - due, HIGHEST_TRACKABLE));
        }
        return end - start;
    }
}
