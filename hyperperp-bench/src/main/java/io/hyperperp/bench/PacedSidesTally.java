package io.hyperperp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Sums {@link PacedSides} windows over the counted iterations into one {@link PacedSideSummary} per side: the
 * pooled percentiles, the holds of the commands that started on time (no backlog ahead: {@link LatenessTally}'s
 * definition), the late commands, and the p99 and p99.99 ratios against side 0 (the no-op floor) slice pair by slice
 * pair, as {@link StallTally} takes them for one engine.
 */
public final class PacedSidesTally {

    private final List<Side> sides = new ArrayList<>();
    private long[] scratch = new long[0];

    /** A tally for {@code names.size()} sides; side 0 is the floor the others are divided by. */
    public PacedSidesTally(List<String> names, long highestTrackable) {
        for (String name : names) {
            sides.add(new Side(name, highestTrackable));
        }
    }

    /** Adds one window (its sides in the order of the names). */
    public void add(PacedSides w) {
        if (w.sides() != sides.size()) {
            throw new IllegalArgumentException(w.sides() + " sides, the tally has " + sides.size());
        }
        for (int k = 0; k < w.slices(); k++) {
            int from = k * w.sliceCommands();
            int to = Math.min(w.commands(), from + w.sliceCommands());
            long floorP99 = 0;
            long floorP9999 = 0;
            for (int s = 0; s < sides.size(); s++) {
                Side side = sides.get(s);
                side.addSlice(w, s, from, to);
                int n = to - from;
                sortInto(w.latencies(s), from, n);
                long p99 = rank(n, 99);
                long p9999 = rank(n, 99.99);
                if (s == 0) {
                    floorP99 = p99;
                    floorP9999 = p9999;
                } else {
                    side.addPair((double) p99 / Math.max(1, floorP99), (double) p9999 / Math.max(1, floorP9999));
                }
            }
        }
    }

    /** One summary per side, side 0 (the floor) first; the floor has no ratios (0 pairs). */
    public List<PacedSideSummary> result() {
        List<PacedSideSummary> out = new ArrayList<>();
        for (Side side : sides) {
            out.add(side.result());
        }
        return out;
    }

    private void sortInto(long[] latencies, int from, int n) {
        if (scratch.length < n) {
            scratch = new long[n];
        }
        System.arraycopy(latencies, from, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
    }

    /** The nearest-rank percentile of the {@code n} sorted samples in {@code scratch}. */
    private long rank(int n, double percentile) {
        return scratch[Math.max(0, Math.min(n, (int) Math.ceil(percentile / 100 * n)) - 1)];
    }

    private static final class Side {
        private final String name;
        private final Histogram all;
        private final Histogram onTime;
        private long late;
        private double[] pairP99 = new double[256];
        private double[] pairP9999 = new double[256];
        private int pairs;

        Side(String name, long highestTrackable) {
            this.name = name;
            this.all = new Histogram(highestTrackable, 3);
            this.onTime = new Histogram(highestTrackable, 3);
        }

        void addSlice(PacedSides w, int s, int from, int to) {
            long highest = all.getHighestTrackableValue();
            long[] latencies = w.latencies(s);
            for (int i = from; i < to; i++) {
                long held = w.held(s, i);
                all.recordValue(Math.min(latencies[i], highest));
                if (latencies[i] - held <= 0) {
                    onTime.recordValue(Math.min(Math.max(0, held), highest));
                }
                if (latencies[i] > LatenessTally.LATE_NANOS) {
                    late++;
                }
            }
        }

        void addPair(double p99Ratio, double p9999Ratio) {
            if (pairs == pairP99.length) {
                pairP99 = Arrays.copyOf(pairP99, pairs * 2);
                pairP9999 = Arrays.copyOf(pairP9999, pairs * 2);
            }
            pairP99[pairs] = p99Ratio;
            pairP9999[pairs] = p9999Ratio;
            pairs++;
        }

        PacedSideSummary result() {
            return new PacedSideSummary(name, all.getTotalCount(), all.getValueAtPercentile(50),
                    all.getValueAtPercentile(99), all.getValueAtPercentile(99.99), all.getMaxValue(),
                    onTime.getTotalCount(), onTime.getValueAtPercentile(50), onTime.getValueAtPercentile(99),
                    onTime.getValueAtPercentile(99.9), late, PairedRatios.of(pairP99, pairs),
                    PairedRatios.of(pairP9999, pairs));
        }
    }
}
