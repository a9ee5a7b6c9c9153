package io.hyperperp.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins threads of this JVM to CPUs as a latency-sensitive deployment does (exchange-core pins its threads with an
 * affinity library): the measured thread alone on its CPU, every other thread of the JVM (JIT compilers, GC workers,
 * the VM thread) on the others. Linux only, through {@code taskset} on the thread ids of {@code /proc/self/task}
 * (Java 21 has no stable call for {@code sched_setaffinity}); threads the JVM starts later inherit the affinity of
 * the thread that starts them, which is never the measured one.
 */
public final class ThreadAffinity {

    private ThreadAffinity() {
    }

    /** Pinning could not be done: no {@code /proc}, no {@code taskset}, or a CPU the kernel refused. */
    public static final class PinningFailed extends RuntimeException {
        PinningFailed(String message, Throwable cause) {
            super(message, cause);
        }

        PinningFailed(String message) {
            super(message);
        }
    }

    /** Pins the calling thread to {@code cpus} (a {@code taskset} list such as {@code 1} or {@code 0,2-3}). */
    public static void pinCurrentThread(String cpus) {
        taskset(cpus, currentThreadId());
    }

    /**
     * Pins the calling (measuring) thread to {@code cpu} and every other thread of the JVM to the other CPUs, then
     * renices the calling thread to {@code nice} unless it is 0.
     *
     * @return what was done, for the report
     * @throws IllegalArgumentException if the JVM has no such CPU or fewer than two
     */
    public static String isolateForMeasuring(int cpu, int nice) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("cannot pin to CPU " + cpu + ": this JVM has CPUs 0-" + (cpus - 1));
        }
        if (cpus < 2) {
            throw new IllegalArgumentException("pinning needs at least 2 CPUs: one for the measuring thread, one for the rest");
        }
        StringBuilder others = new StringBuilder();
        for (int c = 0; c < cpus; c++) {
            if (c != cpu) {
                others.append(others.isEmpty() ? "" : ",").append(c);
            }
        }
        int pinned = isolateCurrentThread(String.valueOf(cpu), others.toString());
        if (nice != 0) {
            reniceCurrentThread(nice);
        }
        return "measuring thread (tid " + currentThreadId() + ", nice " + nice + ") on CPU " + cpu + ", the JVM's "
                + pinned + " other threads on CPU " + others;
    }

    /**
     * Pins every thread of this JVM but the calling one to {@code others}, then the calling thread to {@code own}.
     *
     * @return how many other threads were pinned
     */
    public static int isolateCurrentThread(String own, String others) {
        String self = currentThreadId();
        List<String> rest = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (!tid.equals(self)) {
                    rest.add(tid);
                }
            }
        } catch (IOException e) {
            throw new PinningFailed("cannot list this JVM's threads in /proc/self/task: " + e.getMessage(), e);
        }
        for (String tid : rest) {
            try {
                taskset(others, tid);
            } catch (PinningFailed e) {
                if (Files.exists(Path.of("/proc/self/task", tid))) {
                    throw e; // a thread that ended meanwhile needs no pinning
                }
            }
        }
        taskset(own, self);
        return rest.size();
    }

    /**
     * Sets the calling thread's nice level ({@code renice} on its thread id: Linux keeps one per thread). A level
     * below 0 needs the privilege to raise priorities ({@code CAP_SYS_NICE}).
     */
    public static void reniceCurrentThread(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice level must be -20 to 19: " + nice);
        }
        run("renice", "-n", String.valueOf(nice), "-p", currentThreadId());
    }

    /** This thread's kernel thread id, from the {@code /proc/thread-self} link ({@code PID/task/TID}). */
    static String currentThreadId() {
        try {
            return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            throw new PinningFailed("cannot read /proc/thread-self (thread pinning needs Linux)", e);
        }
    }

    private static void taskset(String cpus, String tid) {
        if (!cpus.matches("[0-9]+([-,][0-9]+)*")) {
            throw new IllegalArgumentException("not a CPU list: '" + cpus + "' (e.g. 1 or 0,2-3)");
        }
        run("taskset", "-p", "-c", cpus, tid);
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PinningFailed(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new PinningFailed("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PinningFailed("interrupted while pinning threads", e);
        }
    }
}
