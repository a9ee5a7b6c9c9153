package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * every command for the service-time percentiles.
 *
 * <p>With a target rate, each iteration's timed window plays the commands in slices of
 * {@link HarnessOptions#sliceMillis()}, each slice twice in a row on its own paced schedule: once through the
 * engine, once through a no-op engine that only reads the command (the floor: the same loop, hand-off, clock reads
 * and histogram), alternating which goes first ({@link SlicedWindow}). The engine's percentiles divided by the
 * floor's are what the engine adds, and a stall of the host is as likely to land in either side's slices.
 * Latency counts from each command's due time, so a stall delays and penalises every command behind it in its
 * slice. Behind schedule the clock is read once per command (the end of one command is the start check of the
 * next), and latencies go into an array that the histogram reads after the window. The first window's engine is
 * built and warmed right after a full collection, so that the garbage of generating and loading the commands is not
 * collected inside it (and the collection does not leave the engine's objects cold for its first slice); later
 * windows collect first only when the young generation is half full; the collections that still run inside are
 * counted. From the same latencies the harness finds the commands that held
 * a loop for long ({@link PacedStalls}): the host's stalls by side, the percentiles of the slices no stall hit, and
 * the engine's commands that were slow at the same place in every iteration. Last, the harness spins for two more
 * seconds doing nothing but reading the clock ({@link MachinePauses}) to show how much the machine itself takes.
 */
public final class LatencyHarness {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(10);
    private static final long PAUSE_PROBE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What the no-op engine read, kept where the JIT cannot prove it unused. */
    private static volatile long floorSink;

    private final MarketRegistry markets;
    private final HarnessOptions options;

    /** A harness over the given markets. */
    public LatencyHarness(MarketRegistry markets, HarnessOptions options) {
        this.markets = Objects.requireNonNull(markets, "markets");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs {@code options.iterations()} iterations and summarises them. */
    public BenchResult run(List<Command> warmup, List<Command> measured) {
        String pinning = pin();
        CommandIntake intake = new CommandIntake();
        CommandStream warm = CommandStream.of(warmup, intake);
        CommandStream timed = CommandStream.of(measured, intake);
        Histogram summary = new Histogram(HIGHEST_TRACKABLE, 3);
        Histogram iterationHistogram = new Histogram(HIGHEST_TRACKABLE, 3);
        Histogram floorSummary = new Histogram(HIGHEST_TRACKABLE, 3);
        Histogram floorIteration = new Histogram(HIGHEST_TRACKABLE, 3);
        List<IterationResult> results = new ArrayList<>();
        long summarisedCommands = 0;
        long summarisedNanos = 0;
        long[] timedGc = new long[3];
        StallTally stalls = new StallTally(HIGHEST_TRACKABLE, i -> measured.get(i).getClass().getSimpleName());
        SlicedWindow window = options.targetRate() == 0 ? null
                : SlicedWindow.forCommands(timed.size(), options.sliceCommands(), options.targetRate());
        for (int it = 1; it <= options.iterations(); it++) {
            iterationHistogram.reset();
            floorIteration.reset();
            long[] iterationGc = new long[3];
            boolean counted = options.iterations() == 1 || it > 1;
            IterationResult result = options.targetRate() == 0
                    ? runOnce(it, warm, timed, iterationHistogram, false)
                    : runSliced(it, warm, timed, window, iterationHistogram, floorIteration, iterationGc,
                            counted ? stalls : null);
            results.add(result);
            if (counted) {
                summary.add(iterationHistogram);
                floorSummary.add(floorIteration);
                summarisedCommands += result.commands();
                summarisedNanos += result.elapsedNanos();
                timedGc[0] += iterationGc[0];
                timedGc[1] += iterationGc[1];
                timedGc[2] += iterationGc[2];
            }
        }
        if (options.targetRate() == 0) {
            runOnce(options.iterations() + 1, warm, timed, summary, true);
        }
        double throughput = summarisedNanos == 0 ? 0 : summarisedCommands * 1e9 / summarisedNanos;
        MachinePauses pauses = options.targetRate() == 0 ? null : MachinePauses.measure(PAUSE_PROBE_NANOS, options.targetRate());
        PacedFloor floor = options.targetRate() == 0 ? null : new PacedFloor(floorSummary.getValueAtPercentile(50),
                floorSummary.getValueAtPercentile(99), floorSummary.getValueAtPercentile(99.9),
                floorSummary.getValueAtPercentile(99.99), floorSummary.getMaxValue(), floorSummary.getTotalCount(),
                timedGc[0], timedGc[1], timedGc[2]);
        return new BenchResult(timed.size(), warmup.size(), options.targetRate(), results, throughput,
                summary.getValueAtPercentile(50), summary.getValueAtPercentile(99),
                summary.getValueAtPercentile(99.9), summary.getValueAtPercentile(99.99), summary.getMaxValue(),
                summary.getMean(), summary.getTotalCount(), pauses, floor,
                options.targetRate() == 0 ? null : stalls.result(), pinning);
    }

    /** Pins this thread and the JVM's others as the options say; what was done, or null. */
    private String pin() {
        int cpu = options.pinnedCpu();
        return cpu == HarnessOptions.UNPINNED ? null : ThreadAffinity.isolateForMeasuring(cpu, options.measuringNice());
    }

    private IterationResult runOnce(int iteration, CommandStream warmup, CommandStream timed, Histogram histogram,
                                    boolean timeEachCommand) {
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = warmEngine(handler, warmup);
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        long elapsed = timeEachCommand ? serviceTimes(engine, timed, histogram) : flatOut(engine, timed);
        return new IterationResult(iteration, timed.size(), elapsed, handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore, handler.checksum());
    }

    /**
     * One iteration at the target rate: the engine and the no-op floor interleaved slice by slice in one window
     * whose engine is built and warmed after a full collection when one is due (what generating the commands or the
     * last windows left behind is not this window's to collect); its collections go into {@code timedGc}, the latencies
     * into the histograms after the window, what held the loops into {@code stalls} (when the iteration is counted).
     * The window's latency arrays are the run's, allocated once before the first engine (see
     * {@link SlicedWindow#forCommands}), so that nothing between the engine's warm-up and its first timed command
     * touches more memory than the spin before the first due time.
     */
    private IterationResult runSliced(int iteration, CommandStream warmup, CommandStream timed, SlicedWindow window,
                                      Histogram histogram, Histogram floorHistogram, long[] timedGc,
                                      StallTally stalls) {
        // The full collection comes before the engine is built and warmed: collected after, it moved every engine
        // object and left them cold in the cache, which only the engine's first slice paid (30-90 µs at its first
        // commands in every iteration), a cost of the harness rather than of a running engine. Even before, a full
        // collection still cost a fresh engine's first timed commands 60-140 µs (#0) and 15-26 µs (#316) against
        // 2-4 µs and 1 µs without it (ParallelGC, the same engine and warm-up), so it runs only where it is needed:
        // before the first window (the garbage of generating the commands) and when the young generation is so
        // full that a window could collect (an engine allocates nothing per command; the collections inside the
        // windows are still counted).
        if (iteration == 1 || youngGenerationHalfFull()) {
            System.gc();
        }
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = warmEngine(handler, warmup);
        NoOpEngine noOp = new NoOpEngine();
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        long[] before = collections();
        window.play(engine::process, noOp, timed);
        addSince(before, timedGc);
        floorSink = noOp.sink; // published, so the JIT must keep the no-op's reads of the slot
        record(window.engine(), histogram);
        record(window.floor(), floorHistogram);
        if (stalls != null) {
            stalls.add(window);
        }
        return new IterationResult(iteration, timed.size(), window.engineNanos(), handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore, handler.checksum());
    }

    private MatchingEngine warmEngine(CountingHandler handler, CommandStream warmup) {
        MatchingEngine engine = new MatchingEngine(markets, handler);
        FlatCommand slot = new FlatCommand();
        for (int i = 0; i < warmup.size(); i++) {
            warmup.read(i, slot);
            engine.process(slot);
        }
        return engine;
    }

    /** True when a young generation's pool (eden) is over half used, or its use or size cannot be read. */
    static boolean youngGenerationHalfFull() {
        boolean found = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.getName().contains("Eden")) {
                continue;
            }
            found = true;
            MemoryUsage usage = pool.getUsage();
            long size = usage.getMax() > 0 ? usage.getMax() : usage.getCommitted();
            if (size <= 0 || usage.getUsed() > size / 2) {
                return true;
            }
        }
        return !found;
    }

    /** Collections, their total milliseconds and the JIT's milliseconds so far, over this JVM. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new long[] {count, millis, jitMillis};
    }

    /** Adds the collections, their milliseconds and the JIT's since {@code before} to {@code total}. */
    private static void addSince(long[] before, long[] total) {
        long[] now = collections();
        for (int i = 0; i < total.length; i++) {
            total[i] += now[i] - before[i];
        }
    }

    /** Does nothing with a command but read two of its fields. */
    private static final class NoOpEngine implements Consumer<FlatCommand> {
        long sink;

        @Override
        public void accept(FlatCommand command) {
            sink += command.orderId() ^ command.price();
        }
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

    private static void record(long[] latencies, Histogram histogram) {
        for (long latency : latencies) {
            histogram.recordValue(Math.min(latency, HIGHEST_TRACKABLE));
        }
    }
}
