package io.hyperperp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/** Sums {@link SlicedWindow}s over the counted iterations into {@link PacedStalls}. */
final class StallTally {

    /**
     * A stall: longer than the host's regular timer and hypervisor exits (about 16 µs, hundreds a second, part of
     * any floor), short enough to catch the 0.2-2 ms stalls that decide a p99.99.
     */
    static final long STALL_NANOS = 50_000;
    /** An engine command this slow at the same place in every iteration is worth naming. */
    static final long SLOW_NANOS = 10_000;
    private static final int SLOWEST_SHOWN = 5;

    private final Histogram engineQuiet;
    private final Histogram floorQuiet;
    private final IntFunction<String> kindOf;
    private final LatenessTally lateness;
    /** Per command index: shortest and longest hold, and in how many iterations it was slow. */
    private final Map<Integer, long[]> slow = new HashMap<>();
    /** Per slice pair: engine / floor at p99 and at p99.99 of the pair's own samples. */
    private double[] pairP99 = new double[64];
    private double[] pairP9999 = new double[64];
    /**
     * Per slice pair: the floor's own p99, which splits the pairs' p99 ratios by where it fell: on time (at most
     * {@link LatenessTally#LATE_NANOS} late, so the ratio compares the engine's tail with a clock read) or behind a
     * backlog of the host's pauses (so the ratio compares how fast each side works off the same pauses: the engine's
     * mean cost, not its tail).
     */
    private long[] pairFloorP99 = new long[64];
    private long[] scratch = new long[0];
    private int sliceCommands;
    private int windows;
    private long pairs;
    private long quietPairs;
    private long engineStalls;
    private long engineLongest;
    private long floorStalls;
    private long floorLongest;

    StallTally(long highestTrackable, IntFunction<String> kindOf) {
        this.engineQuiet = new Histogram(highestTrackable, 3);
        this.floorQuiet = new Histogram(highestTrackable, 3);
        this.kindOf = kindOf;
        this.lateness = new LatenessTally(highestTrackable);
    }

    void add(SlicedWindow w) {
        windows++;
        sliceCommands = w.sliceCommands();
        lateness.add(w);
        int commands = w.engine().length;
        for (int k = 0; k < w.slices(); k++) {
            int from = k * w.sliceCommands();
            int to = Math.min(commands, from + w.sliceCommands());
            boolean engineStalled = false;
            boolean floorStalled = false;
            for (int i = from; i < to; i++) {
                long engineHeld = w.engineHeld(i);
                long floorHeld = w.floorHeld(i);
                engineLongest = Math.max(engineLongest, engineHeld);
                floorLongest = Math.max(floorLongest, floorHeld);
                if (engineHeld > STALL_NANOS) {
                    engineStalls++;
                    engineStalled = true;
                }
                if (floorHeld > STALL_NANOS) {
                    floorStalls++;
                    floorStalled = true;
                }
                if (engineHeld > SLOW_NANOS) {
                    noteSlow(i, engineHeld);
                }
            }
            notePair(w.engine(), w.floor(), from, to);
            pairs++;
            if (!engineStalled && !floorStalled) {
                quietPairs++;
                record(w.engine(), from, to, engineQuiet);
                record(w.floor(), from, to, floorQuiet);
            }
        }
    }

    /** The pair's ratios, each side's percentiles taken over its own samples of the slice. */
    private void notePair(long[] engine, long[] floor, int from, int to) {
        int n = to - from;
        if (scratch.length < n) {
            scratch = new long[n];
        }
        if (pairs == pairP99.length) {
            pairP99 = Arrays.copyOf(pairP99, pairP99.length * 2);
            pairP9999 = Arrays.copyOf(pairP9999, pairP9999.length * 2);
            pairFloorP99 = Arrays.copyOf(pairFloorP99, pairFloorP99.length * 2);
        }
        sortInto(engine, from, n);
        long engineP99 = rank(n, 99);
        long engineP9999 = rank(n, 99.99);
        sortInto(floor, from, n);
        long floorP99 = rank(n, 99);
        pairFloorP99[(int) pairs] = floorP99;
        pairP99[(int) pairs] = (double) engineP99 / Math.max(1, floorP99);
        pairP9999[(int) pairs] = (double) engineP9999 / Math.max(1, rank(n, 99.99));
    }

    /** The pairs' p99 ratios whose floor p99 was on time ({@code onTime}) or behind a backlog (before they sort). */
    private PairedRatios pairedP99WhereFloor(boolean onTime) {
        double[] ratios = new double[(int) pairs];
        int count = 0;
        for (int i = 0; i < pairs; i++) {
            if ((pairFloorP99[i] <= LatenessTally.LATE_NANOS) == onTime) {
                ratios[count++] = pairP99[i];
            }
        }
        return PairedRatios.of(ratios, count);
    }

    private void sortInto(long[] latencies, int from, int n) {
        System.arraycopy(latencies, from, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
    }

    /** The nearest-rank percentile of the {@code n} sorted samples in {@code scratch}. */
    private long rank(int n, double percentile) {
        return scratch[Math.max(0, Math.min(n, (int) Math.ceil(percentile / 100 * n)) - 1)];
    }

    private void noteSlow(int index, long held) {
        long[] seen = slow.computeIfAbsent(index, i -> new long[] {Long.MAX_VALUE, 0, 0});
        seen[0] = Math.min(seen[0], held);
        seen[1] = Math.max(seen[1], held);
        seen[2]++;
    }

    private static void record(long[] latencies, int from, int to, Histogram histogram) {
        long highest = histogram.getHighestTrackableValue();
        for (int i = from; i < to; i++) {
            histogram.recordValue(Math.min(latencies[i], highest));
        }
    }

    PacedStalls result() {
        List<PacedStalls.SlowCommand> repeated = new ArrayList<>();
        if (windows > 1) {
            slow.forEach((index, seen) -> {
                if (seen[2] == windows) {
                    repeated.add(new PacedStalls.SlowCommand(index, kindOf.apply(index), seen[0], seen[1]));
                }
            });
        }
        repeated.sort(Comparator.comparingLong(PacedStalls.SlowCommand::shortest).reversed());
        PairedRatios floorOnTime = pairedP99WhereFloor(true); // before PairedRatios.of sorts pairP99 in place
        PairedRatios floorBehind = pairedP99WhereFloor(false);
        return new PacedStalls(sliceCommands, pairs, STALL_NANOS, engineStalls, engineLongest, floorStalls,
                floorLongest, quietPairs, engineQuiet.getValueAtPercentile(99), engineQuiet.getValueAtPercentile(99.99),
                floorQuiet.getValueAtPercentile(99), floorQuiet.getValueAtPercentile(99.99), SLOW_NANOS,
                repeated.size(), repeated.subList(0, Math.min(SLOWEST_SHOWN, repeated.size())),
                PairedRatios.of(pairP99, (int) pairs), PairedRatios.of(pairP9999, (int) pairs),
                floorOnTime, floorBehind, lateness.result());
    }
}
