package io.hyperperp.bench;

/**
 * How {@link LatencyHarness} runs.
 *
 * @param iterations  runs over the measured commands, each on a fresh engine; when more than one,
 *                    the first is JIT warm-up and left out of the summary
 * @param targetRate  offered load in commands per second, or 0 to run flat out
 * @param sliceMillis with a target rate: the length of the slices in which the engine and the no-op floor take
 *                    turns ({@link SlicedWindow})
 */
public record HarnessOptions(int iterations, long targetRate, int sliceMillis) {

    /** Slices of 20 ms: a few host stalls a minute land in one of thousands of slices, and a slice holds tens of thousands of commands. */
    public static final int DEFAULT_SLICE_MILLIS = 20;

    /** Checks the numbers. */
    public HarnessOptions {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        if (targetRate < 0 || targetRate > 1_000_000_000L) {
            throw new IllegalArgumentException("target rate must be in [0, 1e9] commands/s");
        }
        if (sliceMillis < 1 || sliceMillis > 60_000) {
            throw new IllegalArgumentException("slice must be 1-60000 ms");
        }
    }

    /** With slices of {@link #DEFAULT_SLICE_MILLIS}. */
    public HarnessOptions(int iterations, long targetRate) {
        this(iterations, targetRate, DEFAULT_SLICE_MILLIS);
    }

    /** Commands per slice at the target rate, at least one. */
    int sliceCommands() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, targetRate * sliceMillis / 1000));
    }
}
