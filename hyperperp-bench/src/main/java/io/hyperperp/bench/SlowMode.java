package io.hyperperp.bench;

/**
 * The slow mode some JVMs of every build run in on the shared benchmark VM (docs/benchmarks.md,
 * Margin, "Session 22"): the whole engine about a third slower from start to end, in JVMs started
 * seconds apart from fast ones, cause not found. It is told by the rate of the workload without
 * margin, which runs no margin code and is the same in every build: fast JVMs read 17-21 M/s per
 * CPU second, slow ones 11-14. In {@code forked} runs the cross forks have the mode too (cross 9-11
 * M/s against 15-17.5 in the same invocation), which no fixed floor of the cross rate can tell from
 * margin's own cost, so a fork is also marked when it runs below {@link #OF_FASTEST} of its mode's
 * fastest fork. A reading from such a JVM is printed and counted like any other; the mark only says
 * where it came from.
 */
final class SlowMode {

    /** The none side's rate per thread-CPU second below which a JVM (or a fork) is in the slow mode. */
    static final double NONE_FLOOR_PER_CPU_SECOND = 15e6;

    /**
     * A fork of either mode runs below this share of its mode's fastest fork in the same invocation
     * only in the slow mode (forks of one build and mode otherwise spread by about 15%); this also
     * marks cross forks, whose own rate is what is measured, so it has no absolute floor.
     */
    static final double OF_FASTEST = 0.8;

    private SlowMode() {
    }

    /** Whether a none-side rate per CPU second (commands per second) is the slow mode's. */
    static boolean slow(double noneCpuRate) {
        return noneCpuRate < NONE_FLOOR_PER_CPU_SECOND;
    }

    /** Whether a fork's rate (M/s per CPU second) is the slow mode's, against its mode's fastest fork. */
    static boolean slowAmong(double rate, double fastest, boolean none) {
        return rate < OF_FASTEST * fastest || none && slow(rate * 1e6);
    }

    /** One line naming the JVM's mode by its none side's median rate per CPU second. */
    static String describe(double noneCpuRate) {
        return String.format("this JVM's none side: %.2f M/s per CPU second, %s", noneCpuRate / 1e6,
                slow(noneCpuRate) ? "SLOW MODE (below " + (int) (NONE_FLOOR_PER_CPU_SECOND / 1e6)
                        + " M/s: the whole engine runs slow in this JVM, read its ratio apart)"
                        : "not in the slow mode");
    }
}
