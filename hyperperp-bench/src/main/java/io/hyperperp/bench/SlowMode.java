package io.hyperperp.bench;

/**
 * The slow mode in which the shared benchmark VM runs some JVMs, and some engines within one JVM: the
 * whole engine about a third slower, in every build. It is the machine's, not the engine's
 * (docs/benchmarks.md, Margin, "Session 24: the slow mode is the machine's"): it comes with the memory
 * an allocation lands in, and a {@link MemoryProbe} that runs no engine code reads it (a load in 512 KB
 * takes 4.4-5.0 ns in fast runs, 5.5-9.6 ns after slow ones). So a JVM is named slow by its probe,
 * which also catches a cross fork whose own rate cannot be told from margin's cost; the none side's
 * rate (17-22 M/s per CPU second in fast JVMs, 11-14 in slow ones) is printed beside it. A reading
 * from a slow JVM is printed and counted like any other; the mark only says where it came from.
 */
final class SlowMode {

    /** The none side's rate per thread-CPU second below which a JVM has run in the slow mode. */
    static final double NONE_FLOOR_PER_CPU_SECOND = 15e6;

    /** A {@link MemoryProbe} reading above this many nanoseconds a load is the slow mode's. */
    static final double PROBE_SLOW_NANOS = 5.3;

    private SlowMode() {
    }

    /** Whether a none-side rate per CPU second (commands per second) is the slow mode's. */
    static boolean slowRate(double noneCpuRate) {
        return noneCpuRate < NONE_FLOOR_PER_CPU_SECOND;
    }

    /** Whether a memory probe reading (ns a load) is the slow mode's. */
    static boolean slowProbe(double probeNanos) {
        return probeNanos > PROBE_SLOW_NANOS;
    }

    /** One line naming the JVM's mode by its memory probe, with its none side's median rate beside it. */
    static String describe(double noneCpuRate, double probeNanos) {
        return String.format("this JVM's memory probe: %.2f ns a load, %s; its none side %.2f M/s per CPU second%s",
                probeNanos, slowProbe(probeNanos) ? "SLOW MODE (above " + PROBE_SLOW_NANOS
                        + " ns: the machine ran this JVM's memory slow, read its rates apart)" : "not in the slow mode",
                noneCpuRate / 1e6, slowRate(noneCpuRate) ? " (below " + (int) (NONE_FLOOR_PER_CPU_SECOND / 1e6)
                        + " M/s, as in the slow mode)" : "");
    }
}
