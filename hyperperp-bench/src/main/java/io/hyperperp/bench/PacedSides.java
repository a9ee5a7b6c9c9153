package io.hyperperp.bench;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Several sides (engines, or the no-op floor) paced through the same numbered commands, slice by slice, as
 * {@link SlicedWindow} paces one engine and the floor: each slice of commands is played by every side in turn, each
 * on its own schedule starting afresh (command {@code i} of a slice starting at {@code s} is due at
 * {@code s + i / rate}), and each command's latency counts from its due time. The order of the sides rotates from
 * slice to slice (0 1 2, 1 2 0, 2 0 1, ...), so that every side plays first, second and last equally often and a
 * stall of the host is as likely to hit any of them.
 *
 * <p>A side is "process command {@code i}": it owns its engine and its copy of the commands, so engines whose commands
 * differ in form (HyperPerp's flat commands, exchange-core's order commands) are paced by the same loop. Every side
 * is called once for every command, in order.
 */
public final class PacedSides {

    /** A gap before the first command of a slice, so that the slice's first due time is in the future. */
    private static final long SLICE_LEAD_NANOS = 20_000;

    private final int sliceCommands;
    private final double interval;
    private final long[][] latencies;
    private final long[][] starts;

    private PacedSides(int sides, int commands, int sliceCommands, long rate) {
        this.sliceCommands = sliceCommands;
        this.interval = 1e9 / rate;
        this.latencies = new long[sides][commands];
        this.starts = new long[sides][SlicedWindow.slices(commands, sliceCommands)];
    }

    /** Plays commands {@code 0 .. commands - 1} through every side, slice by slice, at {@code rate} a second. */
    public static PacedSides run(List<IntConsumer> sides, int commands, long rate, int sliceCommands) {
        if (sides.isEmpty() || commands < 1 || rate < 1 || sliceCommands < 1) {
            throw new IllegalArgumentException("needs a side, a command, a positive rate and slice");
        }
        PacedSides w = new PacedSides(sides.size(), commands, sliceCommands, rate);
        int n = sides.size();
        for (int k = 0; k < w.slices(); k++) {
            int from = k * sliceCommands;
            int to = Math.min(commands, from + sliceCommands);
            for (int turn = 0; turn < n; turn++) {
                int side = (k + turn) % n;
                w.slice(sides.get(side), from, to, side, k);
            }
        }
        return w;
    }

    private void slice(IntConsumer side, int from, int to, int s, int k) {
        long[] out = latencies[s];
        long now = System.nanoTime();
        long start = now + SLICE_LEAD_NANOS;
        starts[s][k] = start;
        for (int i = from; i < to; i++) {
            long due = start + (long) ((i - from) * interval);
            while (now < due) {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
            side.accept(i);
            now = System.nanoTime();
            out[i] = now - due;
        }
    }

    /** Side {@code s}'s latencies, ns, by command (the array itself). */
    public long[] latencies(int s) {
        return latencies[s];
    }

    /** The number of sides. */
    public int sides() {
        return latencies.length;
    }

    /** The number of commands each side played. */
    public int commands() {
        return latencies[0].length;
    }

    /** Commands per slice (the last slice may have fewer). */
    public int sliceCommands() {
        return sliceCommands;
    }

    /** The number of slices. */
    public int slices() {
        return starts[0].length;
    }

    /**
     * How long command {@code i} held side {@code s}'s loop, ns: {@code done(i) - max(due(i), done(i - 1))}, its
     * service time plus any stall of the host while it ran.
     */
    public long held(int s, int i) {
        int k = i / sliceCommands;
        int first = k * sliceCommands;
        long due = starts[s][k] + (long) ((i - first) * interval);
        long done = due + latencies[s][i];
        if (i == first) {
            return done - due;
        }
        long previousDone = starts[s][k] + (long) ((i - 1 - first) * interval) + latencies[s][i - 1];
        return done - Math.max(due, previousDone);
    }
}
