package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
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
 * <p>The commands are flattened once, untimed, through one {@link CommandIntake} (as the runtime's
 * intake does before the engine thread); each timed command is read from the encoded stream into a
 * reused slot and processed.
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
        CommandIntake intake = new CommandIntake();
        CommandStream warm = CommandStream.of(warmup, intake);
        CommandStream timed = CommandStream.of(measured, intake);
        Histogram summary = new Histogram(HIGHEST_TRACKABLE, 3);
        Histogram iterationHistogram = new Histogram(HIGHEST_TRACKABLE, 3);
        List<IterationResult> results = new ArrayList<>();
        long summarisedCommands = 0;
        long summarisedNanos = 0;
        for (int it = 1; it <= options.iterations(); it++) {
            iterationHistogram.reset();
            IterationResult result = runOnce(it, warm, timed, iterationHistogram, false);
            results.add(result);
            boolean counted = options.iterations() == 1 || it > 1;
            if (counted) {
                summary.add(iterationHistogram);
                summarisedCommands += result.commands();
                summarisedNanos += result.elapsedNanos();
            }
        }
        if (options.targetRate() == 0) {
            runOnce(options.iterations() + 1, warm, timed, summary, true);
        }
        double throughput = summarisedNanos == 0 ? 0 : summarisedCommands * 1e9 / summarisedNanos;
        MachinePauses pauses = options.targetRate() == 0 ? null : MachinePauses.measure(PAUSE_PROBE_NANOS, options.targetRate());
        return new BenchResult(timed.size(), warmup.size(), options.targetRate(), results, throughput,
                summary.getValueAtPercentile(50), summary.getValueAtPercentile(99),
                summary.getValueAtPercentile(99.9), summary.getValueAtPercentile(99.99), summary.getMaxValue(),
                summary.getMean(), summary.getTotalCount(), pauses);
    }

    private IterationResult runOnce(int iteration, CommandStream warmup, CommandStream timed, Histogram histogram,
                                    boolean timeEachCommand) {
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = new MatchingEngine(markets, handler);
        FlatCommand slot = new FlatCommand();
        for (int i = 0; i < warmup.size(); i++) {
            warmup.read(i, slot);
            engine.process(slot);
        }
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        long elapsed = options.targetRate() != 0 ? paced(engine, timed, histogram, options.targetRate())
                : timeEachCommand ? serviceTimes(engine, timed, histogram) : flatOut(engine, timed);
        return new IterationResult(iteration, timed.size(), elapsed, handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore, handler.checksum());
    }

    private static long flatOut(MatchingEngine engine, CommandStream timed) {
        FlatCommand slot = new FlatCommand();
        int count = timed.size();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            timed.read(i, slot);
            engine.process(slot);
        }
        return System.nanoTime() - start;
    }

    private static long serviceTimes(MatchingEngine engine, CommandStream timed, Histogram histogram) {
        FlatCommand slot = new FlatCommand();
        int count = timed.size();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            timed.read(i, slot);
            engine.process(slot);
            long t1 = System.nanoTime();
            histogram.recordValue(Math.min(t1 - t0, HIGHEST_TRACKABLE));
        }
        return System.nanoTime() - start;
    }

    private static long paced(MatchingEngine engine, CommandStream timed, Histogram histogram, long rate) {
        FlatCommand slot = new FlatCommand();
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 1_000_000;
        while (System.nanoTime() < start) {
            Thread.onSpinWait();
        }
        long end = start;
        for (int i = 0; i < timed.size(); i++) {
            long due = start + (long) (i * interval);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            timed.read(i, slot);
            engine.process(slot);
            end = System.nanoTime();
            histogram.recordValue(Math.min(end - due, HIGHEST_TRACKABLE));
        }
        return end - start;
    }
}
