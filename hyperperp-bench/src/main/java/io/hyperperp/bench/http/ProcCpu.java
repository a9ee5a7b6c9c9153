package io.hyperperp.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time that processes have used, from Linux's {@code /proc/<pid>/stat} (user plus system time, in
 * clock ticks of 10 ms). Read before and after a run: the difference is what the run cost them.
 */
public final class ProcCpu {

    /** Linux's USER_HZ: {@code /proc} counts CPU time in hundredths of a second. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcCpu() {
    }

    /** CPU time the process has used so far, in nanoseconds; 0 once it is gone. */
    public static long nanos(long pid) {
        return ticks(pid, false) * NANOS_PER_TICK;
    }

    /**
     * CPU time the process has used so far plus that of its children it has already reaped, in
     * nanoseconds; 0 once it is gone. Summed over a process tree read twice, this counts a child that
     * ended in between (its time moved into its parent's reaped-children counters) exactly once.
     */
    public static long nanosWithReapedChildren(long pid) {
        return ticks(pid, true) * NANOS_PER_TICK;
    }

    private static long ticks(long pid, boolean reapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            return reapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own; // cutime, cstime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Major page faults of the process so far (field 12 of {@code /proc/<pid>/stat}): pages it touched that were no
     * longer in memory and were read back from disk while it waited, such as code of {@code libjvm.so} or the JDK's
     * modules image that the kernel dropped from the page cache. 0 once the process is gone.
     */
    public static long majorFaults(long pid) {
        try {
            return majorFaults(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The major fault count of one {@code stat} line (fields counted after the command name's last ')'). */
    static long majorFaults(String stat) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[9]);
    }

    /**
     * CPU time by thread name (digits folded, so that {@code GC Thread#0} and {@code GC Thread#1} add up), in
     * nanoseconds, of the threads alive now: a thread that ended between two readings is missing from the later.
     */
    public static Map<String, Long> byThread(long pid) {
        Map<String, Long> cpu = new TreeMap<>();
        forEachThread(pid, (name, task, stat) -> {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK, Long::sum);
        });
        return cpu;
    }

    /**
     * How long the threads of {@code pid} alive now have waited, runnable, for a CPU since they started, in nanoseconds
     * (the second field of Linux's {@code /proc/<pid>/task/<tid>/schedstat}): the time another process (or another
     * thread) held the CPU they were ready to run on. 0 where the kernel keeps no scheduler statistics.
     */
    public static long runQueueWaitNanos(long pid) {
        return schedByThread(pid).values().stream().mapToLong(Sched::waitNanos).sum();
    }

    /**
     * What the scheduler recorded per thread of {@code pid} alive now, by thread name (digits folded as in
     * {@link #byThread}), from {@code /proc/<pid>/task/<tid>/schedstat}: time on a CPU, time waiting runnable for one,
     * and how many times the thread was put on a CPU (each wake-up or preemption ends with one). Read before and after
     * a run: the differences say which threads waited for a CPU, and how long per time they ran.
     */
    public static Map<String, Sched> schedByThread(long pid) {
        Map<String, Sched> sched = new TreeMap<>();
        forEachThread(pid, (name, task, stat) -> {
            String[] f = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim().split(" ");
            sched.merge(name, new Sched(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])), Sched::plus);
        });
        return sched;
    }

    /** Reads one thread's files: its name with digits folded, its {@code /proc} directory and its {@code stat}. */
    private interface ThreadReader {
        void read(String name, Path task, String stat) throws IOException;
    }

    /** Each thread of {@code pid} alive now; one that ends meanwhile (or has no such file) is skipped. */
    private static void forEachThread(long pid, ThreadReader reader) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    reader.read(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N"),
                            task, stat);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile, or no scheduler statistics
                }
            }
        } catch (IOException e) {
            // the process is gone: nothing to read
        }
    }

    /**
     * One thread's (or one name's) scheduler statistics: nanoseconds on a CPU, nanoseconds runnable without one, and
     * the number of times it was put on a CPU.
     */
    public record Sched(long runNanos, long waitNanos, long slices) {

        Sched plus(Sched o) {
            return new Sched(runNanos + o.runNanos, waitNanos + o.waitNanos, slices + o.slices);
        }

        /** What each thread name added between two readings (threads started meanwhile count from zero). */
        static Map<String, Sched> since(Map<String, Sched> before, Map<String, Sched> after) {
            Map<String, Sched> added = new TreeMap<>();
            Sched none = new Sched(0, 0, 0);
            after.forEach((name, s) -> {
                Sched b = before.getOrDefault(name, none);
                added.put(name, new Sched(s.runNanos - b.runNanos, s.waitNanos - b.waitNanos, s.slices - b.slices));
            });
            return added;
        }
    }

    /** CPU time of all the given processes together, in nanoseconds. */
    public static long nanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += nanos(pid);
        }
        return sum;
    }

    /**
     * The processes whose command line contains {@code marker}, and all their descendants: the embedded
     * PostgreSQL's postmaster names its data directory, its backends are its children (their command lines are
     * PostgreSQL's status displays). None of them is a child of the server's JVM, since {@code pg_ctl} detaches
     * the postmaster.
     */
    public static List<Long> matching(String marker) {
        Map<Long, Long> parents = new TreeMap<>();
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                parents.put(pid, parent(p));
                if (pid != self && commandLine(p).contains(marker)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        for (int i = 0; i < pids.size(); i++) { // grows as children are found: a breadth-first walk
            long root = pids.get(i);
            parents.forEach((pid, parent) -> {
                if (parent == root && !pids.contains(pid)) {
                    pids.add(pid);
                }
            });
        }
        return pids;
    }

    private static long parent(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ""; // gone meanwhile, or not ours to read
        }
    }
}
