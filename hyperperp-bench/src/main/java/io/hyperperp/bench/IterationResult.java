package io.hyperperp.bench;

/**
 * One run over the measured commands.
 *
 * @param iteration   1-based iteration number
 * @param commands    commands timed
 * @param elapsedNanos wall time of the timed loop
 * @param fills       fills during the timed loop
 * @param rejects     rejected commands during the timed loop
 * @param checksum    event checksum (same commands, same value)
 */
public record IterationResult(int iteration, long commands, long elapsedNanos, long fills, long rejects,
                              long checksum) {

    /** Commands per second. */
    public double throughput() {
        return elapsedNanos == 0 ? 0 : commands * 1e9 / elapsedNanos;
    }
}
