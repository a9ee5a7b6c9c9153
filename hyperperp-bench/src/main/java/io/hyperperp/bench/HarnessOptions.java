package io.hyperperp.bench;

/**
 * How {@link LatencyHarness} runs.
 *
 * @param iterations  runs over the measured commands, each on a fresh engine; when more than one,
 *                    the first is JIT warm-up and left out of the summary
 * @param targetRate  offered load in commands per second, or 0 to run flat out
 */
public record HarnessOptions(int iterations, long targetRate) {

    /** Checks the numbers. */
    public HarnessOptions {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        if (targetRate < 0 || targetRate > 1_000_000_000L) {
            throw new IllegalArgumentException("target rate must be in [0, 1e9] commands/s");
        }
    }
}
