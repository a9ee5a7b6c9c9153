package io.hyperperp.bench;

import java.util.Arrays;

/**
 * A percentile's engine / floor ratio taken slice pair by slice pair ({@link SlicedWindow}: each slice of commands
 * played once by the engine and once by the no-op floor, seconds apart at most), summarised by the median and the
 * 10th and 90th percentiles over all pairs. A pair's two sides share the same seconds of the machine, so the ratio of
 * each pair cancels the machine's drift (the ABAB comparison), and the median over hundreds of pairs is not decided
 * by which side drew the one longest stall of the host, as the pooled percentile over all samples is.
 *
 * @param pairs       slice pairs
 * @param median      median of the pairs' ratios
 * @param low         10th percentile of the ratios
 * @param high        90th percentile of the ratios
 * @param atMost1_5   pairs whose ratio is at most 1.5
 */
public record PairedRatios(long pairs, double median, double low, double high, long atMost1_5) {

    /** The summary of {@code ratios} (the array is sorted in place). */
    static PairedRatios of(double[] ratios, int count) {
        if (count == 0) {
            return new PairedRatios(0, 0, 0, 0, 0);
        }
        Arrays.sort(ratios, 0, count);
        long met = 0;
        for (int i = 0; i < count; i++) {
            if (ratios[i] <= 1.5) {
                met++;
            }
        }
        return new PairedRatios(count, at(ratios, count, 50), at(ratios, count, 10), at(ratios, count, 90), met);
    }

    /** The nearest-rank percentile of the first {@code count} sorted values. */
    static double at(double[] sorted, int count, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)];
    }
}
