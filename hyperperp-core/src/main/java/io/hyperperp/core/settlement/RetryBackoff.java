package io.hyperperp.core.settlement;

import java.util.SplittableRandom;

/**
 * The wait before the next try after consecutive failures: the initial back-off doubled per
 * failure, capped, then "equal jitter" (a random point in its upper half), so it never shrinks from
 * one failure to the next and never exceeds the maximum. Not thread-safe.
 */
final class RetryBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final SplittableRandom jitter;

    RetryBackoff(long initialMillis, long maxMillis, long seed) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.jitter = new SplittableRandom(seed);
    }

    /** The wait after {@code failures} consecutive failures, in milliseconds. */
    long delayMillis(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 62);
        long base = doublings >= Long.numberOfLeadingZeros(initialMillis)
                ? maxMillis : Math.min(maxMillis, initialMillis << doublings);
        return base - base / 2 + jitter.nextLong(base / 2 + 1);
    }
}
