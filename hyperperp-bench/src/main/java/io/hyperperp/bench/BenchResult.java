package io.hyperperp.bench;

import java.util.List;

/**
 * The outcome of a {@link LatencyHarness} run. Latencies are nanoseconds per command; in
 * rate-limited mode they are measured from each command's scheduled send time (so queueing behind
 * a slow command counts, avoiding coordinated omission).
 *
 * @param commands       measured commands per iteration
 * @param warmupCommands untimed commands applied before each iteration
 * @param targetRate     offered rate in commands/s, 0 for flat out
 * @param iterations     every iteration
 * @param throughput     commands/s over the summarised iterations (all but the first when there are several)
 * @param p50            median latency, ns
 * @param p99            99th percentile, ns
 * @param p999           99.9th percentile, ns
 * @param p9999          99.99th percentile, ns
 * @param max            maximum, ns
 * @param mean           mean, ns
 * @param samples        latency samples summarised
 * @param machinePauses  with a target rate: what the machine took from a spinning thread right after the run,
 *                       null flat out
 * @param floor          with a target rate: the same harness path with a no-op engine, alternating with the
 *                       engine's iterations; null flat out
 * @param stalls         with a target rate: what held the engine's and the floor's loops for long; null flat out
 * @param pinning        how the threads were pinned ({@link HarnessOptions#pinnedCpu()}), or null when not
 */
public record BenchResult(long commands, long warmupCommands, long targetRate, List<IterationResult> iterations,
                          double throughput, long p50, long p99, long p999, long p9999, long max, double mean,
                          long samples, MachinePauses machinePauses, PacedFloor floor,
                          PacedStalls stalls, String pinning) {

    /** Copies the list. */
    public BenchResult {
        iterations = List.copyOf(iterations);
    }

    /** Fills per measured command in the last iteration. */
    public double fillsPerCommand() {
        IterationResult last = iterations.get(iterations.size() - 1);
        return last.commands() == 0 ? 0 : (double) last.fills() / last.commands();
    }
}
