package io.hyperperp.bench;

/**
 * The floor of a paced run, measured by {@link LatencyHarness} in the same invocation: the same harness path (the
 * same loop, clock reads, command hand-off and histogram) on the same schedule with an engine that does nothing,
 * taking turns with the engine slice by slice ({@link SlicedWindow}), so that both see the same machine. Engine latency divided by
 * these percentiles is what the engine itself adds at that offered rate.
 *
 * @param p50          median latency of the no-op commands, ns
 * @param p99          99th percentile, ns
 * @param p999         99.9th percentile, ns
 * @param p9999        99.99th percentile, ns
 * @param max          maximum, ns
 * @param samples      no-op commands summarised (as many as the engine's)
 * @param gcCount      garbage collections that ran inside the timed windows, engine's and floor's together
 * @param gcMillis     their total time as the JVM reports it, ms
 * @param jitMillis    time the JIT compilers spent compiling inside the timed windows, ms (on other threads, but on
 *                     a 2-core machine a compiler thread can take the measuring thread's core)
 */
public record PacedFloor(long p50, long p99, long p999, long p9999, long max, long samples, long gcCount,
                         long gcMillis, long jitMillis) {
}
