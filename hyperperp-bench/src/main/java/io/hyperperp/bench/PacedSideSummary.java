package io.hyperperp.bench;

/**
 * One side of a {@link PacedSides} run, over the counted iterations ({@link PacedSidesTally}).
 *
 * @param name          the side
 * @param commands      commands counted
 * @param p50           median latency from the due time, ns
 * @param p99           99th percentile, ns
 * @param p9999         99.99th percentile, ns
 * @param max           maximum, ns
 * @param onTime        commands that started on time (nothing ahead of them still running)
 * @param onTimeP50     the median hold of the loop of the commands that started on time, ns
 * @param onTimeP99     its 99th percentile, ns: the side's p99 with no backlog at all
 * @param onTimeP999    its 99.9th percentile, ns
 * @param late          commands that finished more than {@link LatenessTally#LATE_NANOS} after their due time
 * @param p99Ratio      this side's slice p99 over the floor's in the same slice, over all slice pairs
 * @param p9999Ratio    the same for p99.99
 */
public record PacedSideSummary(String name, long commands, long p50, long p99, long p9999, long max, long onTime,
                               long onTimeP50, long onTimeP99, long onTimeP999, long late, PairedRatios p99Ratio,
                               PairedRatios p9999Ratio) {
}
