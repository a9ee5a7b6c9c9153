package io.hyperperp.bench.versus;

import java.util.List;

/**
 * The side-by-side result. Summary figures use every iteration after the first (all of them if
 * there is only one).
 *
 * @param iterations        every iteration in the order run
 * @param fills             fills in the stream (the same for both engines, or the run fails)
 * @param exchangeCoreRejects commands exchange-core refused
 * @param hyperperpRejects    commands HyperPerp refused
 * @param restingOrders     orders on the final book (the same for both)
 * @param checkedAgainst    what the final books were compared with
 */
public record VersusResult(List<VersusIteration> iterations, long fills, long exchangeCoreRejects,
                           long hyperperpRejects, long restingOrders, String checkedAgainst) {

    /** Copies the list. */
    public VersusResult {
        iterations = List.copyOf(iterations);
    }

    private List<VersusIteration> counted() {
        return iterations.size() == 1 ? iterations : iterations.subList(1, iterations.size());
    }

    /** exchange-core's commands per second over the counted iterations. */
    public double exchangeCoreThroughput() {
        return counted().stream().mapToLong(VersusIteration::commands).sum() * 1e9
                / counted().stream().mapToLong(VersusIteration::exchangeCoreNanos).sum();
    }

    /** HyperPerp's commands per second over the counted iterations. */
    public double hyperperpThroughput() {
        return counted().stream().mapToLong(VersusIteration::commands).sum() * 1e9
                / counted().stream().mapToLong(VersusIteration::hyperperpNanos).sum();
    }

    /** HyperPerp over exchange-core over the counted iterations. */
    public double ratio() {
        return hyperperpThroughput() / exchangeCoreThroughput();
    }

    /** HyperPerp over exchange-core by thread CPU time over the counted iterations. */
    public double cpuRatio() {
        return (double) counted().stream().mapToLong(VersusIteration::exchangeCoreCpuNanos).sum()
                / counted().stream().mapToLong(VersusIteration::hyperperpCpuNanos).sum();
    }

    /** The lowest per-iteration CPU-time ratio among the counted iterations. */
    public double minCpuRatio() {
        return counted().stream().mapToDouble(VersusIteration::cpuRatio).min().orElse(0);
    }

    /** The highest per-iteration CPU-time ratio among the counted iterations. */
    public double maxCpuRatio() {
        return counted().stream().mapToDouble(VersusIteration::cpuRatio).max().orElse(0);
    }

    /** The lowest per-iteration ratio among the counted iterations. */
    public double minRatio() {
        return counted().stream().mapToDouble(VersusIteration::ratio).min().orElse(0);
    }

    /** The highest per-iteration ratio among the counted iterations. */
    public double maxRatio() {
        return counted().stream().mapToDouble(VersusIteration::ratio).max().orElse(0);
    }
}
