package io.hyperperp.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One measured run: the load's result, the server's own CPU and that of its extra processes (PostgreSQL), how
 * long the server's and the generator's threads waited, runnable, for a CPU meanwhile, and how many major page faults
 * (pages read back from disk) each process took.
 */
record MeasuredRun(HttpLoad.Result load, long serverCpuNanos, long extraCpuNanos, long jitCpuNanos,
                   Map<String, Long> threadsBefore, Map<String, Long> threadsAfter, String loadAverage,
                   long serverRunQueueNanos, long loadRunQueueNanos, Map<String, ProcCpu.Sched> serverSched,
                   Map<String, ProcCpu.Sched> loadSched, long serverMajorFaults, long loadMajorFaults) {

    /** C1 and C2 CompilerThreadN, cut to 15 characters by Linux. */
    private static final String COMPILER_THREAD = "CompilerThre";

    double cpuPerOrderNanos(int ordersPerRequest) {
        return (serverCpuNanos + extraCpuNanos) / (double) load.latencies().length / ordersPerRequest;
    }

    /** The JIT compiler threads' share of the server process's own CPU in the run. */
    double jitShare() {
        return serverCpuNanos == 0 ? 0 : jitCpuNanos / (double) serverCpuNanos;
    }

    /** The same without the JIT compiler's threads: what a server past its warm-up costs. */
    double compiledCpuPerOrderNanos(int ordersPerRequest) {
        return (serverCpuNanos + extraCpuNanos - jitCpuNanos) / (double) load.latencies().length / ordersPerRequest;
    }

    /**
     * Nanoseconds the target's JIT compiler threads ran in the run, from the scheduler's statistics (exact, where
     * {@link #jitCpuNanos} counts 10 ms ticks): 0 when nothing was compiled.
     */
    long compilingNanos() {
        return compilerRunNanos(serverSched);
    }

    /** The same for the load generator's own JVM: its compilations take a CPU in the measured run too. */
    long generatorCompilingNanos() {
        return compilerRunNanos(loadSched);
    }

    /** Nanoseconds the JIT compiler threads of process {@code pid} have run so far. */
    static long compilerRunNanos(long pid) {
        return compilerRunNanos(ProcCpu.schedByThread(pid));
    }

    private static long compilerRunNanos(Map<String, ProcCpu.Sched> sched) {
        long sum = 0;
        for (Map.Entry<String, ProcCpu.Sched> e : sched.entrySet()) {
            if (e.getKey().contains(COMPILER_THREAD)) {
                sum += e.getValue().runNanos();
            }
        }
        return sum;
    }

    /** Runs {@code bodies} against {@code t}, reading its CPU and the threads' waits around the run. */
    static MeasuredRun of(BenchTarget t, String path, List<byte[]> bodies, int connections, double rate)
            throws Exception {
        Map<String, Long> threads0 = ProcCpu.byThread(t.server().pid());
        long server0 = ProcCpu.nanos(t.server().pid());
        long extra0 = t.extraCpu();
        long self = ProcessHandle.current().pid();
        long serverWait0 = ProcCpu.runQueueWaitNanos(t.server().pid());
        long loadWait0 = ProcCpu.runQueueWaitNanos(self);
        long serverFaults0 = ProcCpu.majorFaults(t.server().pid());
        long loadFaults0 = ProcCpu.majorFaults(self);
        Map<String, ProcCpu.Sched> serverSched0 = ProcCpu.schedByThread(t.server().pid());
        Map<String, ProcCpu.Sched> loadSched0 = ProcCpu.schedByThread(self);
        HttpLoad.Result load = HttpLoad.run(t.server().base(), path, bodies, connections, rate,
                t.resultsPerAnswer());
        long serverWait = ProcCpu.runQueueWaitNanos(t.server().pid()) - serverWait0;
        long loadWait = ProcCpu.runQueueWaitNanos(self) - loadWait0;
        long serverFaults = ProcCpu.majorFaults(t.server().pid()) - serverFaults0;
        long loadFaults = ProcCpu.majorFaults(self) - loadFaults0;
        Map<String, ProcCpu.Sched> serverSched = ProcCpu.Sched.since(serverSched0, ProcCpu.schedByThread(t.server().pid()));
        Map<String, ProcCpu.Sched> loadSched = ProcCpu.Sched.since(loadSched0, ProcCpu.schedByThread(self));
        long server = ProcCpu.nanos(t.server().pid()) - server0;
        long extra = t.extraCpu() - extra0;
        Map<String, Long> threads = ProcCpu.byThread(t.server().pid());
        long jit = 0;
        for (Map.Entry<String, Long> e : threads.entrySet()) {
            if (e.getKey().contains(COMPILER_THREAD)) {
                jit += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            }
        }
        return new MeasuredRun(load, server, extra, jit, threads0, threads, currentLoadAverage(), serverWait, loadWait,
                serverSched, loadSched, serverFaults, loadFaults);
    }

    /** The load average's three figures, as /proc/loadavg gives them. */
    static String currentLoadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
