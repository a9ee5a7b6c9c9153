package io.hyperperp.bench;

/**
 * How {@link LatencyHarness} runs.
 *
 * @param iterations  runs over the measured commands, each on a fresh engine; when more than one,
 *                    the first is JIT warm-up and left out of the summary
 * @param targetRate  offered load in commands per second, or 0 to run flat out
 * @param sliceMillis with a target rate: the length of the slices in which the engine and the no-op floor take
 *                    turns ({@link SlicedWindow})
 * @param pinnedCpu   the CPU to pin the measuring thread to, every other thread of the JVM to the other CPUs
 *                    ({@link ThreadAffinity}), or -1 to leave the scheduler to place them
 * @param measuringNice the measuring thread's nice level with a pinned CPU (-20 to 19; 0 leaves it as it is)
 */
public record HarnessOptions(int iterations, long targetRate, int sliceMillis, int pinnedCpu, int measuringNice) {

    /** Not pinned. */
    public static final int UNPINNED = -1;

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
        if (pinnedCpu < UNPINNED || pinnedCpu > 4095) {
            throw new IllegalArgumentException("pinned CPU must be 0-4095, or -1 for none");
        }
        if (measuringNice < -20 || measuringNice > 19 || (measuringNice != 0 && pinnedCpu == UNPINNED)) {
            throw new IllegalArgumentException("the measuring thread's nice level is -20 to 19, and only with a pinned CPU");
        }
    }

    /** Not pinned. */
    public HarnessOptions(int iterations, long targetRate, int sliceMillis) {
        this(iterations, targetRate, sliceMillis, UNPINNED, 0);
    }

    /** With slices of {@link #DEFAULT_SLICE_MILLIS}. */
    public HarnessOptions(int iterations, long targetRate) {
        this(iterations, targetRate, DEFAULT_SLICE_MILLIS, UNPINNED, 0);
    }

    /** Commands per slice at the target rate, at least one. */
    int sliceCommands() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, targetRate * sliceMillis / 1000));
    }
}
