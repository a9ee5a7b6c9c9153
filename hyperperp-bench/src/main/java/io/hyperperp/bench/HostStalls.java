package io.hyperperp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a spinning thread's long gaps come from: one or more threads read {@link System#nanoTime()} in a loop (each
 * optionally pinned to a CPU, {@link ThreadAffinity}) and, after every gap longer than a threshold, read their own
 * scheduler statistics ({@code /proc/thread-self/schedstat}: time on the CPU, time runnable but waiting for it). A
 * gap the scheduler saw as waiting was another task on the thread's CPU (which one: a trace of {@code sched_switch}
 * over the same seconds, matched by the monotonic times printed here, the same clock as {@code perf --clockid
 * monotonic}); a gap the thread spent "on the CPU" was taken below the scheduler: an interrupt, or the hypervisor
 * running something else on the virtual CPU.
 *
 * <p>Usage: {@code HostStalls SECONDS THRESHOLD_US [nice=N] [CPU...]}: one spinner per CPU listed (all at once, to see
 * whether their gaps coincide), or one unpinned spinner when none is; each spinner at nice level N if given (as
 * {@code bench --measuring-nice}).
 */
public final class HostStalls {

    /** How often the waiting time is read between gaps (a read takes a few µs). */
    private static final long BASELINE_NANOS = 10_000_000;

    private HostStalls() {
    }

    /** One long gap of one spinner. */
    record Gap(int spinner, long startNanos, long nanos, long waitedNanos, int cpu) {
    }

    /** Runs the probe and prints every gap, then a summary per spinner. */
    public static void main(String[] args) throws Exception {
        long nanos;
        long threshold;
        int first = 2;
        Integer nice = null;
        try {
            nanos = (long) (Double.parseDouble(args[0]) * 1e9);
            threshold = Long.parseLong(args[1]) * 1_000;
            if (args.length > 2 && args[2].startsWith("nice=")) {
                nice = Integer.valueOf(args[2].substring(5));
                first = 3;
            }
            for (int i = first; i < args.length; i++) {
                Integer.parseInt(args[i]);
            }
            if (nanos <= 0 || nanos > 3_600_000_000_000L || threshold <= 0) {
                throw new IllegalArgumentException("SECONDS must be in (0, 3600] and THRESHOLD_US positive");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: HostStalls SECONDS THRESHOLD_US [nice=N] [CPU...]"
                    + (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)
                            ? " (" + e.getMessage() + ")" : ""));
            System.exit(2);
            return;
        }
        int cpus = args.length - first;
        int spinners = Math.max(1, cpus);
        List<List<Gap>> gaps = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        long start = System.nanoTime() + 200_000_000L;
        for (int s = 0; s < spinners; s++) {
            List<Gap> own = new ArrayList<>();
            gaps.add(own);
            int spinner = s;
            Integer cpu = cpus > 0 ? Integer.valueOf(args[first + s]) : null;
            Integer level = nice;
            Thread t = new Thread(() -> {
                try {
                    spin(spinner, cpu, level, start, start + nanos, threshold, own);
                } catch (ThreadAffinity.PinningFailed | IllegalArgumentException e) {
                    System.err.println("spinner " + spinner + ": " + e.getMessage());
                    failed.set(true);
                }
            }, "spinner-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed.get()) {
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "# spinner monotonic_start_ns gap_us waited_us cpu%n");
        for (List<Gap> own : gaps) {
            for (Gap g : own) {
                System.out.printf(Locale.ROOT, "%d %d %.1f %.1f %d%n", g.spinner(), g.startNanos(),
                        g.nanos() / 1e3, g.waitedNanos() / 1e3, g.cpu());
            }
        }
        for (int s = 0; s < spinners; s++) {
            long total = 0;
            long waited = 0;
            long longest = 0;
            for (Gap g : gaps.get(s)) {
                total += g.nanos();
                waited += Math.min(g.nanos(), g.waitedNanos());
                longest = Math.max(longest, g.nanos());
            }
            System.out.printf(Locale.ROOT,
                    "# spinner %d: %d gaps over %d us, %.2f ms in all (%.0f%% of it runnable but not running), longest %.1f us%n",
                    s, gaps.get(s).size(), threshold / 1_000, total / 1e6, total == 0 ? 0 : 100.0 * waited / total,
                    longest / 1e3);
        }
    }

    private static void spin(int spinner, Integer cpu, Integer nice, long start, long end, long threshold,
                             List<Gap> gaps) {
        if (cpu != null) {
            ThreadAffinity.pinCurrentThread(String.valueOf(cpu));
        }
        if (nice != null) {
            ThreadAffinity.reniceCurrentThread(nice);
        }
        long last = System.nanoTime();
        while (last < start) {
            last = System.nanoTime();
        }
        long waited = waited();
        long nextBaseline = last + BASELINE_NANOS;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (now - last > threshold) {
                long after = waited();
                gaps.add(new Gap(spinner, last, now - last, after - waited, cpu()));
                waited = after;
                now = System.nanoTime(); // the reads above are the probe's own, not the host's
                nextBaseline = now + BASELINE_NANOS;
            } else if (now >= nextBaseline) {
                // short waits between gaps would otherwise be charged to the next gap
                waited = waited();
                now = System.nanoTime();
                nextBaseline = now + BASELINE_NANOS;
            }
            last = now;
        }
    }

    /** How long this thread has been runnable but waiting for a CPU, ns ({@code /proc/thread-self/schedstat}). */
    private static long waited() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The CPU this thread last ran on ({@code /proc/thread-self/stat}, field 39), or -1. */
    private static int cpu() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[36]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
