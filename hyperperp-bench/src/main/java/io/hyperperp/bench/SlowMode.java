package io.hyperperp.bench;

/**
 * The slow mode some JVMs of every build run in on the shared benchmark VM (docs/benchmarks.md,
 * Margin, "Session 22"): the whole engine about a third slower from start to end, in JVMs started
 * seconds apart from fast ones, cause not found. It is told by the rate of the workload without
 * margin, which runs no margin code and is the same in every build: fast JVMs read 17-21 M/s per
 * CPU second, slow ones 11-14. A reading from such a JVM is printed and counted like any other; the
 * mark only says where it came from.
 */
final class SlowMode {

    /** The none side's rate per thread-CPU second below which a JVM (or a fork) is in the slow mode. */
    static final double NONE_FLOOR_PER_CPU_SECOND = 15e6;

    private SlowMode() {
    }

    /** Whether a none-side rate per CPU second (commands per second) is the slow mode's. */
    static boolean slow(double noneCpuRate) {
        return noneCpuRate < NONE_FLOOR_PER_CPU_SECOND;
    }

    /** One line naming the JVM's mode by its none side's median rate per CPU second. */
    static String describe(double noneCpuRate) {
        return String.format("this JVM's none side: %.2f M/s per CPU second, %s", noneCpuRate / 1e6,
                slow(noneCpuRate) ? "SLOW MODE (below " + (int) (NONE_FLOOR_PER_CPU_SECOND / 1e6)
                        + " M/s: the whole engine runs slow in this JVM, read its ratio apart)"
                        : "not in the slow mode");
    }
}
