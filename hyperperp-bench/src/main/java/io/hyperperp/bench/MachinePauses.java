package io.hyperperp.bench;

import org.HdrHistogram.Histogram;

/**
 * How often the machine takes the CPU away from a spinning thread: the thread reads {@link System#nanoTime()} in a
 * loop and counts every gap between two reads longer than a microsecond (timer interrupts, hypervisor exits,
 * other processes). A paced latency run can be no better than this: at a million commands per second every
 * microsecond lost delays a command. Measured in the same JVM and thread as the run, as jHiccup would.
 *
 * <p>The same loop also plays the paced schedule of the run with commands that cost nothing: a command due at
 * {@code start + i / rate} is "done" at the first clock read at or after its due time. The percentiles of that
 * no-op run are the floor any engine could reach on this machine at this rate.
 *
 * @param nanos      how long the loop ran
 * @param over1us    gaps longer than 1 µs
 * @param over20us   gaps longer than 20 µs
 * @param lostNanos  total length of the gaps longer than 1 µs
 * @param maxNanos   longest gap
 * @param noopP99    99th percentile latency of no-op commands on the paced schedule, ns
 * @param noopP9999  99.99th percentile of the same, ns
 */
public record MachinePauses(long nanos, long over1us, long over20us, long lostNanos, long maxNanos, long noopP99,
                            long noopP9999) {

    /** Spins for {@code durationNanos} on the calling thread, with no-op commands due at {@code rate} per second. */
    public static MachinePauses measure(long durationNanos, long rate) {
        Histogram noop = new Histogram(durationNanos, 3);
        double interval = 1e9 / rate;
        long start = System.nanoTime();
        long end = start + durationNanos;
        long last = start;
        long over1us = 0;
        long over20us = 0;
        long lost = 0;
        long max = 0;
        long i = 0;
        long due = start;
        long now;
        while ((now = System.nanoTime()) < end) {
            while (due <= now) {
                noop.recordValue(now - due);
                i++;
                due = start + (long) (i * interval);
            }
            long gap = now - last;
            if (gap > 1_000) {
                over1us++;
                lost += gap;
                if (gap > 20_000) {
                    over20us++;
                }
                max = Math.max(max, gap);
            }
            last = now;
        }
        return new MachinePauses(now - start, over1us, over20us, lost, max, noop.getValueAtPercentile(99),
                noop.getValueAtPercentile(99.99));
    }

    /** @return the share of the time lost in gaps longer than 1 µs */
    public double lostFraction() {
        return nanos == 0 ? 0 : (double) lostNanos / nanos;
    }
}
