package io.hyperperp.bench;

import org.HdrHistogram.Histogram;

/**
 * Sums {@link SlicedWindow}s over the counted iterations into {@link PacedLateness}: per side, how long the commands
 * that started on time held the loop, and for the late commands how much of their latency was waiting and how much
 * their own hold, and whether their backlog began with a long hold.
 */
final class LatenessTally {

    /** Late: a microsecond, about ten times the engine's median command and twenty times a clock read. */
    static final long LATE_NANOS = 1_000;
    /** A hold this long starts a backlog of ten or more commands at 2 M/s: a stall of the host or a slow command. */
    static final long LONG_HOLD_NANOS = 5_000;

    private final SideTally engine;
    private final SideTally floor;

    LatenessTally(long highestTrackable) {
        this.engine = new SideTally(highestTrackable);
        this.floor = new SideTally(highestTrackable);
    }

    void add(SlicedWindow w) {
        int commands = w.engine().length;
        for (int k = 0; k < w.slices(); k++) {
            int from = k * w.sliceCommands();
            int to = Math.min(commands, from + w.sliceCommands());
            engine.addSlice(w.engine(), from, to, w::engineHeld);
            floor.addSlice(w.floor(), from, to, w::floorHeld);
        }
    }

    PacedLateness result() {
        return new PacedLateness(LATE_NANOS, LONG_HOLD_NANOS, engine.result(), floor.result());
    }

    /** How long command {@code i} held its side's loop. */
    private interface Holds {
        long held(int i);
    }

    private static final class SideTally {
        private final Histogram onTime;
        private long commands;
        private long late;
        private long lateWaited;
        private long lateHeld;
        private long lateBehindLongHold;

        SideTally(long highestTrackable) {
            this.onTime = new Histogram(highestTrackable, 3);
        }

        /**
         * One slice: a command waited {@code latency - held}; one that waited nothing started on time and, if its
         * hold outlasted the interval, began a backlog that lasts until a command starts on time again.
         */
        void addSlice(long[] latencies, int from, int to, Holds holds) {
            long highest = onTime.getHighestTrackableValue();
            boolean backlogFromLongHold = false;
            for (int i = from; i < to; i++) {
                long held = holds.held(i);
                long waited = latencies[i] - held;
                if (waited <= 0) {
                    onTime.recordValue(Math.min(Math.max(0, held), highest));
                    backlogFromLongHold = held >= LONG_HOLD_NANOS;
                }
                if (latencies[i] > LATE_NANOS) {
                    late++;
                    lateWaited += Math.max(0, waited);
                    lateHeld += held;
                    if (backlogFromLongHold) {
                        lateBehindLongHold++;
                    }
                }
            }
            commands += to - from;
        }

        PacedLateness.Side result() {
            return new PacedLateness.Side(commands, onTime.getValueAtPercentile(50), onTime.getValueAtPercentile(99),
                    onTime.getValueAtPercentile(99.9), late, lateWaited, lateHeld, lateBehindLongHold);
        }
    }
}
