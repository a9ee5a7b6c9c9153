package io.hyperperp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A reading of the machine that runs no engine code: the time of one load in a random cycle through
 * 512 KB (inside a core's L2 cache), per thread-CPU second. On the shared benchmark VM it is what
 * tells the "slow mode" apart (docs/benchmarks.md, Margin, "Session 24: the slow mode is the
 * machine's"): 4.5-5 ns a load when the engine runs at its usual rate, 6-10 ns in the periods and
 * allocations in which the whole engine runs a third slower. Run it alone to see the state of a
 * host: {@code java -cp benchmarks.jar io.hyperperp.bench.MemoryProbe [READINGS]}.
 */
public final class MemoryProbe {

    /** Ints in the cycle: 512 KB. */
    private static final int SLOTS = 1 << 17;
    private static final long LOADS = 1 << 22;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int[] next;
    private int position;

    /** Builds the cycle (a fixed seed: every probe walks the same order) and warms it up. */
    public MemoryProbe() {
        int[] order = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            order[i] = i;
        }
        long seed = 0x9E3779B97F4A7C15L;
        for (int i = SLOTS - 1; i > 0; i--) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            int j = (int) Long.remainderUnsigned(seed, i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        next = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            next[order[i]] = order[(i + 1) % SLOTS];
        }
        for (int i = 0; i < 3; i++) {
            nanosPerLoad();
        }
    }

    /** One reading (about 20 ms): nanoseconds of thread-CPU time per dependent load. */
    public double nanosPerLoad() {
        int p = position;
        long start = THREADS.getCurrentThreadCpuTime();
        for (long i = 0; i < LOADS; i++) {
            p = next[p];
        }
        long end = THREADS.getCurrentThreadCpuTime();
        position = p;
        return (end - start) / (double) LOADS;
    }

    /** The number of loads before the chase returns to slot 0: all of them, if the cycle is one. */
    int cycleLength() {
        int length = 0;
        int p = 0;
        do {
            p = next[p];
            length++;
        } while (p != 0 && length <= SLOTS);
        return length;
    }

    /** The median of {@code readings} readings. */
    public double median(int readings) {
        double[] values = new double[readings];
        for (int i = 0; i < readings; i++) {
            values[i] = nanosPerLoad();
        }
        return MarginBench.median(values);
    }

    /**
     * Prints readings, one a line.
     *
     * @param args the number of readings (default 20)
     */
    public static void main(String[] args) {
        int readings = 20;
        if (args.length > 0) {
            try {
                readings = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                readings = -1;
            }
            if (readings < 1) {
                System.err.println("MemoryProbe [READINGS]: READINGS must be a positive whole number, not " + args[0]);
                System.exit(2);
            }
        }
        MemoryProbe probe = new MemoryProbe();
        for (int i = 0; i < readings; i++) {
            System.out.printf("%.2f ns a load%n", probe.nanosPerLoad());
        }
    }
}
