package io.hyperperp.bench.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HttpCpuBench}'s {@code --mode p99}: per round and target, a flat-out run finds the maximum rate, then an
 * open-loop run at 70% of it gives the p99 (latency counted from each request's due time). Before the measured rounds,
 * unmeasured rounds of exactly that shape until one in which nothing compiled; after them, per target, how many rounds
 * were under {@link #TARGET_NANOS}.
 *
 * <p>Why settle on "nothing compiled" and not on the CPU rounds' 5% share (session 16's scheduler traces): a C2
 * compilation holds one of the two cores for 5-8 ms at a stretch, and the server's threads queued behind it are not
 * moved to the other core; 4% of a round's CPU in such slices was enough for hundreds of requests over 5 ms. The
 * generator's own JVM counts too: it compiled 7-43 ms in the measured open loops of session 17's first run (its loop
 * alternates between the floor's unchecked answers and the servers' checked ones, flat out and open), on the same
 * two cores.
 */
final class P99Rounds {

    /** Issue 15's bar for the p99 at 70% of the maximum rate. */
    static final long TARGET_NANOS = 5_000_000;
    /** A run's compiler threads (the target's or the generator's) ran at most this long: nothing was compiled. */
    static final long NO_COMPILATION_NANOS = 2_000_000;
    /** Before a run, the compilers (target's and generator's) have been idle this long. */
    private static final long COMPILERS_IDLE_NANOS = 20_000_000;
    /** ... or this long has passed: a compiler that never goes idle does not stop the benchmark. */
    private static final long COMPILERS_IDLE_MAX_NANOS = 2_000_000_000;
    private static final double P99_SHARE = 0.7;
    private static final int MAX_SETTLE_PASSES = 20;

    private final PrintStream out;
    private final int openConnections;
    private final int connections;
    private final boolean threads;
    private final Path timelineDir;

    P99Rounds(PrintStream out, HttpCpuBenchOptions options) {
        this.out = out;
        this.openConnections = options.openConnections();
        this.connections = options.connections();
        this.threads = options.threads();
        this.timelineDir = options.timelineDir();
    }

    /** The rate of the open loop after a flat-out run at {@code maxRate} requests/s. */
    static double openRate(double maxRate) {
        return maxRate * P99_SHARE;
    }

    /**
     * After its warm-up a target runs the measured requests open-loop at 70% of its warm-up rate until its JIT
     * compiler took at most {@link SteadyState#SETTLED_JIT_SHARE} of its CPU in a pass (at most
     * {@link #MAX_SETTLE_PASSES} passes): the bulk of its compilation, before the rounds' settling.
     */
    void settleOpenLoop(BenchTarget t, String path, List<byte[]> measured, double rate) throws Exception {
        StringBuilder passes = new StringBuilder("  " + t.server().name()
                + " settling passes at 70% (JIT share of its CPU, p99):");
        for (int pass = 1; pass <= MAX_SETTLE_PASSES; pass++) {
            MeasuredRun m = MeasuredRun.of(t, path, measured, openConnections, rate);
            double share = m.jitShare();
            passes.append(String.format(Locale.ROOT, " %.1f%% %s ms,", 100 * share, ms(m.load().percentile(99))));
            if (share <= SteadyState.SETTLED_JIT_SHARE) {
                out.println(passes.append(" settled"));
                return;
            }
        }
        out.println(passes.append(" not settled within ").append(MAX_SETTLE_PASSES).append(" passes"));
    }

    /**
     * Unmeasured rounds of the measured rounds' shape, at most {@code maxRounds}, until one in which neither any
     * target's compiler threads nor the generator's ran over {@link #NO_COMPILATION_NANOS} in any run of it.
     */
    void settle(List<BenchTarget> targets, String path, List<byte[]> measured, int maxRounds) throws Exception {
        for (int round = 1; round <= maxRounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "  p99 settling round %d (compiling ms of the target / the generator in its runs; p99 ms):", round));
            boolean settled = true;
            for (BenchTarget t : targets) {
                Pair p = pair(t, path, measured);
                long target = p.max.compilingNanos() + p.open.compilingNanos();
                long generator = p.max.generatorCompilingNanos() + p.open.generatorCompilingNanos();
                settled &= target <= NO_COMPILATION_NANOS && generator <= NO_COMPILATION_NANOS;
                line.append(String.format(Locale.ROOT, " %s %.1f / %.1f, %s;", t.server().name(), target / 1e6,
                        generator / 1e6, ms(p.open.load().percentile(99))));
            }
            if (settled) {
                out.println(line.append(" settled"));
                return;
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "  p99 rounds not settled within %d rounds%n", maxRounds);
    }

    /** The measured rounds, then per target its p99s and how many were under the bar. */
    void measure(List<BenchTarget> targets, String path, List<byte[]> measured, int rounds) throws Exception {
        List<List<long[]>> results = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            results.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < targets.size(); k++) {
                BenchTarget t = targets.get(k);
                Pair p = pair(t, path, measured);
                print(r + 1, t, p);
                results.get(k).add(new long[] {p.open.load().percentile(99), p.open.compilingNanos(),
                        p.open.generatorCompilingNanos()});
            }
        }
        for (int k = 0; k < targets.size(); k++) {
            out.println(summary(targets.get(k).server().name(), results.get(k)));
        }
    }

    /**
     * One target's line: its p99 per round, how many under the bar, and the same over the rounds whose open loop
     * compiled nothing (neither the target nor the generator).
     */
    static String summary(String name, List<long[]> rounds) {
        StringBuilder p99s = new StringBuilder();
        int under = 0;
        int quiet = 0;
        int quietUnder = 0;
        for (long[] r : rounds) {
            boolean compiled = r[1] > NO_COMPILATION_NANOS || r[2] > NO_COMPILATION_NANOS;
            p99s.append(p99s.isEmpty() ? "" : ", ").append(ms(r[0])).append(compiled ? "*" : "");
            under += r[0] < TARGET_NANOS ? 1 : 0;
            quiet += compiled ? 0 : 1;
            quietUnder += !compiled && r[0] < TARGET_NANOS ? 1 : 0;
        }
        return String.format(Locale.ROOT, "%s p99 at 70%%: %s ms (* = compiled in the open loop): %d of %d under %.0f ms;"
                + " rounds without compilation %d of %d under", name, p99s, under, rounds.size(), TARGET_NANOS / 1e6,
                quietUnder, quiet);
    }

    private record Pair(MeasuredRun max, double rate, MeasuredRun open) {
    }

    private Pair pair(BenchTarget t, String path, List<byte[]> measured) throws Exception {
        awaitCompilersIdle(t);
        MeasuredRun max = MeasuredRun.of(t, path, measured, connections, 0);
        double rate = openRate(max.load().requestsPerSecond());
        awaitCompilersIdle(t);
        return new Pair(max, rate, MeasuredRun.of(t, path, measured, openConnections, rate));
    }

    /**
     * Waits until neither the target's JIT compiler threads nor the generator's have run for
     * {@link #COMPILERS_IDLE_NANOS} (at most {@link #COMPILERS_IDLE_MAX_NANOS}): what the previous run, or the reading
     * of {@code /proc} and the printing between runs, queued for compilation is compiled before the clock starts, not
     * in the first milliseconds of the next run (the generator's own compiler ran 7-43 ms in the open loops of session
     * 17's first run, most of it its code around the runs). The same wait for every target, the floor too.
     */
    private static void awaitCompilersIdle(BenchTarget t) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        long started = System.nanoTime();
        long last = MeasuredRun.compilerRunNanos(t.server().pid()) + MeasuredRun.compilerRunNanos(self);
        long idleSince = started;
        while (System.nanoTime() - idleSince < COMPILERS_IDLE_NANOS
                && System.nanoTime() - started < COMPILERS_IDLE_MAX_NANOS) {
            Thread.sleep(5);
            long now = MeasuredRun.compilerRunNanos(t.server().pid()) + MeasuredRun.compilerRunNanos(self);
            if (now != last) {
                last = now;
                idleSince = System.nanoTime();
            }
        }
    }

    private void print(int round, BenchTarget t, Pair p) throws Exception {
        MeasuredRun max = p.max;
        MeasuredRun open = p.open;
        String name = t.server().name();
        out.printf(Locale.ROOT, "round %d %-6s max %,.0f req/s (%,.0f orders/s); open loop at 70%% = %,.0f req/s "
                        + "over %d connections: achieved %,.0f req/s, p50 %s ms, p99 %s ms, p99.9 %s ms, "
                        + "max %s ms, errors %d; the sender's own lateness p99 %s ms, max %s ms, %,d requests "
                        + "found every connection busy; "
                        + "load generator CPU %.1f us/request; JIT compiler %.1f%% of the %s's CPU, compiling %.1f ms "
                        + "(the generator's %.1f ms; in the flat-out run %.1f / %.1f ms); waited for a CPU: the %s's "
                        + "threads %,.0f ms, the generator's %,.0f ms, over the run's %,.0f ms; major page faults: the "
                        + "%s's %,d, the generator's %,d (in the flat-out run %,d / %,d); load %s%n", round, name,
                max.load().requestsPerSecond(), max.load().requestsPerSecond() * t.ordersPerRequest(), p.rate,
                openConnections, open.load().requestsPerSecond(), ms(open.load().percentile(50)),
                ms(open.load().percentile(99)), ms(open.load().percentile(99.9)),
                ms(open.load().percentile(100)), open.load().errors(), ms(open.load().sendLagPercentile(99)),
                ms(open.load().sendLagPercentile(100)), open.load().waitedForConnection(),
                open.load().clientCpuNanos() / 1e3 / open.load().latencies().length,
                100 * open.jitShare(), name, open.compilingNanos() / 1e6, open.generatorCompilingNanos() / 1e6,
                max.compilingNanos() / 1e6, max.generatorCompilingNanos() / 1e6, name,
                open.serverRunQueueNanos() / 1e6, open.loadRunQueueNanos() / 1e6,
                open.load().elapsedNanos() / 1e6, name, open.serverMajorFaults(), open.loadMajorFaults(),
                max.serverMajorFaults(), max.loadMajorFaults(), open.loadAverage());
        if (timelineDir != null) {
            out.println("  timeline: " + LatencyTimeline.write(timelineDir, round, name, open.load()));
        }
        if (threads) {
            printSched("  " + name + "'s threads:", open.serverSched());
            printSched("  the generator's threads:", open.loadSched());
        }
    }

    /**
     * Per thread name, over the open loop: time on a CPU, time runnable without one, how many times it was put on a
     * CPU, and the mean wait per time (which thread waited behind which is not here: perf sched latency says that).
     */
    private void printSched(String title, Map<String, ProcCpu.Sched> sched) {
        StringBuilder line = new StringBuilder(title);
        sched.entrySet().stream()
                .filter(e -> e.getValue().slices() > 0)
                .sorted((a, b) -> Long.compare(b.getValue().waitNanos() + b.getValue().runNanos(),
                        a.getValue().waitNanos() + a.getValue().runNanos()))
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s ran %.0f ms, waited %.0f ms in %,d runs "
                                + "(%.0f us each);", e.getKey(), e.getValue().runNanos() / 1e6,
                        e.getValue().waitNanos() / 1e6, e.getValue().slices(),
                        e.getValue().waitNanos() / 1e3 / e.getValue().slices())));
        out.println(line);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
