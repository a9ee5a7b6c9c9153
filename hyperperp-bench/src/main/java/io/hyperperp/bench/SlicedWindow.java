package io.hyperperp.bench;

import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import java.util.function.Consumer;

/**
 * One iteration's timed window at an offered rate, with the engine and the no-op floor interleaved: the commands are
 * cut into slices of a few tens of milliseconds, and each slice is played twice in a row on its own paced schedule,
 * once through the engine and once through the no-op, in the order engine-floor, floor-engine, engine-floor... (ABBA,
 * so that neither side always follows the other). Both sides then spend the same total time in the same seconds of
 * the machine, and a stall of the host (which lasts 0.2-2 ms a few times a minute on a shared VM and sets a p99.99
 * on its own) is as likely to hit either side.
 *
 * <p>Each slice starts its schedule afresh, shortly after the previous slice ended: command {@code i} of a slice
 * starting at {@code s} is due at {@code s + i / rate}, and its latency is measured from that due time (a stall
 * delays, and is charged to, every command behind it in the slice: no coordinated omission). A backlog never
 * crosses into the next slice, so one side's stall is never charged to the other.
 *
 * <p>From the latencies the window derives afterwards, free of cost inside the loop, how long each command held the
 * loop: {@code done(i) - max(due(i), done(i - 1))}, its service time plus any stall of the host while it ran. For
 * the no-op that is a clock read, so any long one is the host's; for the engine a long one that comes back at the
 * same command in every iteration (each iteration a fresh engine on the same commands) is the engine's own.
 */
final class SlicedWindow {

    /** A gap before the first command of a slice, so that the slice's first due time is in the future. */
    private static final long SLICE_LEAD_NANOS = 20_000;

    private final int sliceCommands;
    private final double interval;
    private final long[] engine;
    private final long[] floor;
    private final long[] engineStarts;
    private final long[] floorStarts;
    private long engineNanos;

    private SlicedWindow(int commands, int sliceCommands, long rate) {
        this.sliceCommands = sliceCommands;
        this.interval = 1e9 / rate;
        this.engine = new long[commands];
        this.floor = new long[commands];
        int slices = slices(commands, sliceCommands);
        this.engineStarts = new long[slices];
        this.floorStarts = new long[slices];
    }

    /** Plays every command of {@code timed} through {@code engine} and through {@code noOp}, slice by slice. */
    static SlicedWindow run(Consumer<FlatCommand> engine, Consumer<FlatCommand> noOp, CommandStream timed, long rate,
                            int sliceCommands) {
        return forCommands(timed.size(), sliceCommands, rate).play(engine, noOp, timed);
    }

    /**
     * A window for {@code commands} commands whose latency arrays (16 bytes a command) can be played again and
     * again: a harness allocates it once, before its first engine, so that its iterations leave no 32 MB of garbage
     * each (at 2 M commands) for a collection between or inside the later windows, and nothing is zeroed between an
     * engine's warm-up and its first timed command.
     */
    static SlicedWindow forCommands(int commands, int sliceCommands, long rate) {
        return new SlicedWindow(commands, sliceCommands, rate);
    }

    /**
     * Plays every command of {@code timed} (as many as this window was made for) through {@code engine} and through
     * {@code noOp}, slice by slice, over whatever an earlier play left in the arrays; returns this window.
     */
    SlicedWindow play(Consumer<FlatCommand> engine, Consumer<FlatCommand> noOp, CommandStream timed) {
        if (timed.size() != this.engine.length) {
            throw new IllegalArgumentException("a window for " + this.engine.length + " commands, not " + timed.size());
        }
        engineNanos = 0;
        FlatCommand slot = new FlatCommand();
        for (int k = 0; k < engineStarts.length; k++) {
            int from = k * sliceCommands;
            int to = Math.min(timed.size(), from + sliceCommands);
            boolean engineFirst = (k & 1) == 0;
            if (engineFirst) {
                engineNanos += slice(engine, timed, slot, from, to, this.engine, engineStarts, k);
            }
            slice(noOp, timed, slot, from, to, floor, floorStarts, k);
            if (!engineFirst) {
                engineNanos += slice(engine, timed, slot, from, to, this.engine, engineStarts, k);
            }
        }
        return this;
    }

    /**
     * A window from latencies already measured (for tests of what is derived from them): slice {@code k} of each side
     * started at {@code k * sliceSpacing}.
     */
    static SlicedWindow recorded(long[] engine, long[] floor, int sliceCommands, long rate, long sliceSpacing) {
        SlicedWindow w = new SlicedWindow(engine.length, sliceCommands, rate);
        System.arraycopy(engine, 0, w.engine, 0, engine.length);
        System.arraycopy(floor, 0, w.floor, 0, floor.length);
        for (int k = 0; k < w.engineStarts.length; k++) {
            w.engineStarts[k] = k * sliceSpacing;
            w.floorStarts[k] = k * sliceSpacing;
        }
        return w;
    }

    static int slices(int commands, int sliceCommands) {
        return (commands + sliceCommands - 1) / sliceCommands;
    }

    /** One slice on its own schedule; returns its length from its first due time to its last command's end. */
    private long slice(Consumer<FlatCommand> side, CommandStream timed, FlatCommand slot, int from, int to,
                       long[] latencies, long[] starts, int k) {
        long now = System.nanoTime();
        long start = now + SLICE_LEAD_NANOS;
        starts[k] = start;
        for (int i = from; i < to; i++) {
            long due = start + (long) ((i - from) * interval);
            while (now < due) {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
            timed.read(i, slot);
            side.accept(slot);
            now = System.nanoTime();
            latencies[i] = now - due;
        }
        return now - start;
    }

    /** The engine's latencies, ns, by command. */
    long[] engine() {
        return engine;
    }

    /** The no-op floor's latencies, ns, by command. */
    long[] floor() {
        return floor;
    }

    /** The engine's slices end to end: the window's length for the engine's throughput. */
    long engineNanos() {
        return engineNanos;
    }

    int sliceCommands() {
        return sliceCommands;
    }

    int slices() {
        return engineStarts.length;
    }

    /** How long command {@code i} held the engine's loop, ns: its service time plus any stall of the host. */
    long engineHeld(int i) {
        return held(engine, engineStarts, i);
    }

    /** How long command {@code i} held the no-op's loop, ns: a clock read plus any stall of the host. */
    long floorHeld(int i) {
        return held(floor, floorStarts, i);
    }

    private long held(long[] latencies, long[] starts, int i) {
        int k = i / sliceCommands;
        int first = k * sliceCommands;
        long due = starts[k] + (long) ((i - first) * interval);
        long done = due + latencies[i];
        if (i == first) {
            return done - due;
        }
        long previousDone = starts[k] + (long) ((i - 1 - first) * interval) + latencies[i - 1];
        return done - Math.max(due, previousDone);
    }
}
