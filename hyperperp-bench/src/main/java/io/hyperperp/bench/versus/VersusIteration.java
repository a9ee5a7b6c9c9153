package io.hyperperp.bench.versus;

/**
 * One iteration of the side-by-side run: each engine once on the whole stream, on a fresh book.
 *
 * @param iteration          1-based; the first is JIT warm-up when there are more
 * @param exchangeCoreFirst  which engine ran first (iterations alternate)
 * @param exchangeCoreNanos  exchange-core's elapsed time
 * @param hyperperpNanos     HyperPerp's elapsed time
 * @param commands           commands in the stream
 * @param exchangeCoreCpuNanos CPU time of the thread during exchange-core's timed run
 * @param hyperperpCpuNanos    CPU time of the thread during HyperPerp's timed run
 */
public record VersusIteration(int iteration, boolean exchangeCoreFirst, long exchangeCoreNanos, long hyperperpNanos,
                              long commands, long exchangeCoreCpuNanos, long hyperperpCpuNanos) {

    /** exchange-core's commands per second. */
    public double exchangeCoreThroughput() {
        return commands * 1e9 / exchangeCoreNanos;
    }

    /** HyperPerp's commands per second. */
    public double hyperperpThroughput() {
        return commands * 1e9 / hyperperpNanos;
    }

    /** HyperPerp's throughput over exchange-core's: above 1 means HyperPerp is faster. */
    public double ratio() {
        return (double) exchangeCoreNanos / hyperperpNanos;
    }

    /**
     * The same ratio by the thread's CPU time: unlike wall time, it leaves out the time the thread
     * waited for a core, so it stays readable on a loaded machine (cache sharing still counts).
     */
    public double cpuRatio() {
        return (double) exchangeCoreCpuNanos / hyperperpCpuNanos;
    }
}
