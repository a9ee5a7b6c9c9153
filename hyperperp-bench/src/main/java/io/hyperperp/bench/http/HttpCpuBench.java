package io.hyperperp.bench.http;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU per order of HyperPerp's HTTP server against the floor ({@link HttpFloorServer}, the bare JDK server
 * answering a fixed response), in one invocation: it starts both in their own JVMs, warms each up, then
 * alternates measured runs (floor, server, floor, server, ...) over the same request bodies, and reads each
 * process's CPU from {@code /proc} before and after its run (with {@code --postgres}, the embedded
 * PostgreSQL's processes too). Prints per run the CPU per request and per order, the ratio to the floor's
 * CPU per request in the same round, throughput and latency percentiles.
 *
 * <p>{@code --mode p99} ({@link P99Rounds}): per round and target, a flat-out run finds the maximum rate, then an
 * open-loop run at 70% of it (requests due on a fixed schedule, latency counted from the due time) gives the p99. Both
 * runs are the same single-threaded generator ({@link HttpLoad}); the warm-up runs it open-loop too.
 *
 * <pre>
 * java -cp hyperperp-bench/target/benchmarks.jar io.hyperperp.bench.http.HttpCpuBench \
 *     --server-jar hyperperp-cli/target/hyperperp.jar --requests 50000 --connections 8 --rounds 2
 * </pre>
 *
 * Linux only ({@code /proc}). The load generator runs in this JVM on the same machine; its CPU is printed beside
 * the server's, not counted in it.
 */
public final class HttpCpuBench {

    private static final double SETTLED_JIT_SHARE = SteadyState.SETTLED_JIT_SHARE;
    private static final int MAX_SETTLE_PASSES = 20;

    private final HttpCpuBenchOptions options;
    private final PrintStream out;

    private HttpCpuBench(HttpCpuBenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the benchmark; {@code --help} lists the options.
     *
     * @param args the options
     * @throws Exception when a server cannot be started or a run fails
     */
    public static void main(String[] args) throws Exception {
        HttpCpuBenchOptions options;
        try {
            options = HttpCpuBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("HttpCpuBench: " + e.getMessage());
            System.err.println(HttpCpuBenchOptions.usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(HttpCpuBenchOptions.usage());
            return;
        }
        new HttpCpuBench(options, System.out).run();
    }

    private void run() throws Exception {
        if (options.loadCpus() != null) {
            pinThisProcess(options.loadCpus());
        }
        Path work = Files.createTempDirectory("hyperperp-httpbench");
        OrderBodies bodies = new OrderBodies(1, options.tradePercent(), options.batch());
        List<byte[]> warmupBodies = requests(bodies, 0, options.warmup());
        List<byte[]> measured = requests(bodies, options.warmup(), options.requests());
        out.printf(Locale.ROOT, "HTTP CPU benchmark: %s, %s, %,d requests x %d order(s) per run, %d connections, "
                        + "%d%% trading, %d rounds; logs in %s%n", options.postgres() ? "embedded PostgreSQL" : "in memory",
                bodies.path(), options.requests(), options.batch(), options.connections(), options.tradePercent(),
                options.rounds(), work);
        List<ChildServer> started = new ArrayList<>();
        SteadyState steady = new SteadyState(out);
        P99Rounds p99 = new P99Rounds(out, options);
        try {
            ChildServer floor = started(started, startFloor(work));
            List<BenchTarget> targets = new ArrayList<>();
            targets.add(new BenchTarget(floor, List.of(), 1, false));
            targets.add(serverTarget(started(started, startServer(work, options.serverJar(), "server", List.of(),
                    options.serverOwnSettings())), work,
                    "server"));
            if (options.compareJar() != null) {
                targets.add(serverTarget(started(started, startServer(work, options.compareJar(), "other",
                        options.compareJvmArgs(), options.compareSettings())), work, "other"));
            }
            out.printf(Locale.ROOT, "JVM options of the server and the floor: %s; load before warm-up: %s%n",
                    options.serveOptions().isEmpty() ? "none" : String.join(" ", options.serveOptions()),
                    MeasuredRun.currentLoadAverage());
            out.printf(Locale.ROOT, "CPUs: servers and floor %s, load generator %s%n",
                    options.serverCpus() == null ? "any" : options.serverCpus(),
                    options.loadCpus() == null ? "any" : options.loadCpus());
            for (BenchTarget t : targets) {
                HttpLoad.Result warm = HttpLoad.run(t.server().base(), bodies.path(), warmupBodies, options.connections(),
                        0, t.resultsPerAnswer());
                if (options.mode().equals("p99")) {
                    // the open loop's own code (the generator's and the server's path at a rate) compiled before
                    // the clock runs, not in the first measured seconds
                    HttpLoad.run(t.server().base(), bodies.path(), warmupBodies, options.openConnections(),
                            P99Rounds.openRate(warm.requestsPerSecond()), t.resultsPerAnswer());
                    if (t.checked()) {
                        steady.fill(t, bodies.path(), warmupBodies, options.connections(), 2L * warmupBodies.size(),
                                options.fill());
                    }
                    p99.settleOpenLoop(t, bodies.path(), measured, P99Rounds.openRate(warm.requestsPerSecond()));
                } else if (options.batch() == 1) {
                    // every target alike, the floor too: the same requests taken before the settling rounds (a
                    // batch's warm-up is past the bounds already: 100 orders a request). On PostgreSQL the fill
                    // also takes the group commit's per-group code to C2 (it runs once per ~50 orders, so it
                    // crosses C2's threshold only after ~250,000 orders), and the tables grow with it
                    steady.fill(t, bodies.path(), warmupBodies, options.connections(), warmupBodies.size(),
                            options.fill());
                }
            }
            if (options.mode().equals("cpu") && options.settleRounds() > 0) {
                steady.settleRounds(targets, bodies.path(), measured, options.connections(), options.settleRounds());
            }
            if (options.mode().equals("p99")) {
                if (options.settleRounds() > 0) {
                    p99.settle(targets, bodies.path(), measured, options.settleRounds());
                }
                p99.measure(targets, bodies.path(), measured, options.rounds());
            } else {
                cpuRounds(targets, bodies.path(), measured);
            }
        } finally {
            for (ChildServer s : started) {
                s.close();
            }
            removeDataDirectories(work);
        }
    }

    /**
     * Deletes the servers' PostgreSQL data directories once they have stopped (the logs stay): each
     * {@code --postgres} run leaves one to two gigabytes per server, and a few runs filled this machine's disk.
     */
    private void removeDataDirectories(Path work) {
        try (var entries = Files.list(work)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().endsWith("-data")).toList()) {
                try (var tree = Files.walk(dir)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                out.printf(Locale.ROOT, "removed %s after the run (the logs stay)%n", dir);
            }
        } catch (IOException e) {
            out.printf(Locale.ROOT, "could not remove the data directories under %s: %s%n", work, e);
        }
    }

    /**
     * Pins every thread of this JVM (the load generator's, and those it starts later, which inherit it) to
     * {@code cpus}, so that the generator's work and wake-ups stay off the servers' CPUs.
     */
    private static void pinThisProcess(String cpus) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-c", "-p", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (taskset.waitFor() != 0) {
            throw new IOException("--load-cpus " + cpus + ": taskset failed: " + output.strip());
        }
    }

    private static ChildServer started(List<ChildServer> started, ChildServer server) {
        started.add(server);
        return server;
    }

    private BenchTarget serverTarget(ChildServer server, Path work, String name) {
        return new BenchTarget(server, options.postgres() ? List.of(work.resolve(name + "-data").toString()) : List.of(),
                options.batch(), true);
    }

    /** Each round measures the floor, then every server; the ratios are to the floor of the same round. */
    private void cpuRounds(List<BenchTarget> targets, String path, List<byte[]> measured) throws Exception {
        double[][] ratios = new double[targets.size()][options.rounds()];
        double[][] compiledRatios = new double[targets.size()][options.rounds()];
        for (int r = 0; r < options.rounds(); r++) {
            MeasuredRun floor = null;
            for (int k = 0; k < targets.size(); k++) {
                BenchTarget t = targets.get(k);
                if (k == 0 && options.postgres() && options.settleRounds() == 0) {
                    settleFloor(t, path, measured);
                }
                MeasuredRun m = MeasuredRun.of(t, path, measured, options.connections(), 0);
                if (k == 0) {
                    floor = m;
                } else {
                    ratios[k][r] = m.cpuPerOrderNanos(t.ordersPerRequest()) / floor.cpuPerOrderNanos(1);
                    compiledRatios[k][r] = m.compiledCpuPerOrderNanos(t.ordersPerRequest())
                            / floor.compiledCpuPerOrderNanos(1);
                }
                print(r + 1, t, m, ratios[k][r], compiledRatios[k][r]);
                if (options.threads()) {
                    printThreads(m.threadsBefore(), m.threadsAfter(), m.serverCpuNanos());
                }
            }
        }
        for (int k = 1; k < targets.size(); k++) {
            out.printf(Locale.ROOT, "%s CPU per order / floor CPU per request: %s, without JIT compiler threads %s; "
                    + "load now %s%n", targets.get(k).server().name(), summary(ratios[k]), summary(compiledRatios[k]),
                    MeasuredRun.currentLoadAverage());
        }
    }

    /**
     * Only with {@code --postgres --settle-rounds 0} (the settling rounds settle the floor with the servers
     * otherwise). With {@code --postgres} the floor's warm-up of as many requests as the servers' is over in a few seconds (a
     * server on PostgreSQL takes ten times as long), before its JIT compiler has caught up: the compiler then took
     * 36-65% of the floor's CPU in its short measured rounds, and the ratio moved with how warm the floor happened to
     * be. Before each of its rounds the floor runs the measured requests again until its JIT compiler took at most
     * {@link #SETTLED_JIT_SHARE} of its CPU in a pass (at most {@link #MAX_SETTLE_PASSES} passes): the round then
     * reads the floor's steady state, as the servers' long warm-up gives theirs.
     */
    private void settleFloor(BenchTarget floor, String path, List<byte[]> measured) throws Exception {
        StringBuilder passes = new StringBuilder("  floor settling passes (JIT share of its CPU, CPU per request):");
        for (int pass = 1; pass <= MAX_SETTLE_PASSES; pass++) {
            MeasuredRun m = MeasuredRun.of(floor, path, measured, options.connections(), 0);
            double share = m.jitShare();
            passes.append(String.format(Locale.ROOT, " %.1f%% %.1f us,", 100 * share, m.cpuPerOrderNanos(1) / 1e3));
            if (share <= SETTLED_JIT_SHARE) {
                out.println(passes.append(" settled"));
                return;
            }
        }
        out.println(passes.append(" not settled within ").append(MAX_SETTLE_PASSES).append(" passes"));
    }

    private static String summary(double[] ratios) {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s (median %.2fx)", Arrays.toString(Arrays.stream(ratios)
                .mapToObj(x -> String.format(Locale.ROOT, "%.2fx", x)).toArray()),
                (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2);
    }

    private void printThreads(Map<String, Long> before, Map<String, Long> after, long total) {
        StringBuilder line = new StringBuilder("  CPU by thread:");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.1f%%,", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total))));
        out.println(line);
    }

    private void print(int round, BenchTarget t, MeasuredRun m, double ratio, double compiledRatio) {
        HttpLoad.Result l = m.load();
        if (l.errors() > 0) {
            out.printf(Locale.ROOT, "WARNING: %,d answers of the %s were not 2xx; its log is in the directory above%n",
                    l.errors(), t.server().name());
            out.printf(Locale.ROOT, "  (an answer counts as an error unless it is 2xx%s)%n", t.checked()
                    ? " with " + t.ordersPerRequest() + " accepted order result(s)" : "");
        }
        int perRequest = t.ordersPerRequest();
        out.printf(Locale.ROOT, "round %d %-6s CPU %.1f us/request, %.2f us/order (server %.2f + others %.2f)%s; "
                        + "without JIT %.2f us/order%s (JIT %.1f%% of its own CPU); "
                        + "%,.0f req/s = %,.0f orders/s; p50 %s ms, p99 %s ms, p99.9 %s ms; errors %d; "
                        + "load generator CPU %.2f us/order; load %s%n",
                round, t.server().name(), (m.serverCpuNanos() + m.extraCpuNanos()) / 1e3 / l.latencies().length,
                m.cpuPerOrderNanos(perRequest) / 1e3,
                m.serverCpuNanos() / 1e3 / l.latencies().length / perRequest,
                m.extraCpuNanos() / 1e3 / l.latencies().length / perRequest,
                ratio > 0 ? String.format(Locale.ROOT, ", %.2fx the floor", ratio) : "",
                m.compiledCpuPerOrderNanos(perRequest) / 1e3,
                compiledRatio > 0 ? String.format(Locale.ROOT, " (%.2fx)", compiledRatio) : "", 100 * m.jitShare(),
                l.requestsPerSecond(), l.requestsPerSecond() * perRequest, ms(l.percentile(50)), ms(l.percentile(99)),
                ms(l.percentile(99.9)), l.errors(), l.clientCpuNanos() / 1e3 / l.latencies().length / perRequest,
                m.loadAverage());
    }

    private static List<byte[]> requests(OrderBodies bodies, long first, int count) {
        List<byte[]> list = new ArrayList<>(count);
        for (long i = first; i < first + count; i++) {
            list.add(bodies.request(i, null).getBytes(StandardCharsets.UTF_8));
        }
        return list;
    }

    private ChildServer startFloor(Path work) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        List<String> program = new ArrayList<>(List.of("-cp", classpath, HttpFloorServer.class.getName(), "{port}"));
        if (options.floorThreads() > 0) {
            program.add(Integer.toString(options.floorThreads()));
        }
        return ChildServer.start("floor", options.serverPrefix(), options.serveOptions(), program, "/",
                work.resolve("floor.log"), 60_000);
    }

    private ChildServer startServer(Path work, Path jar, String name, List<String> ownJvmArgs,
                                    List<String> ownSettings) throws IOException, InterruptedException {
        List<String> program = new ArrayList<>(List.of("-jar", jar.toString(), "serve", "--port", "{port}"));
        if (options.postgres()) {
            program.addAll(List.of("--data-dir", work.resolve(name + "-data").toString()));
        } else {
            program.add("--in-memory");
        }
        // No rate limits, and markets without margin: the load's 100 users have no collateral (a later --set wins).
        for (String setting : List.of("rate_limit.ip_per_sec=0", "rate_limit.user_per_sec=0",
                "server.max_connections_per_ip=0", "server.default_margin=none")) {
            program.addAll(List.of("--set", setting));
        }
        for (String setting : options.serverSettings()) {
            program.addAll(List.of("--set", setting));
        }
        for (String setting : ownSettings) {
            program.addAll(List.of("--set", setting));
        }
        List<String> jvm = new ArrayList<>(options.serveOptions());
        jvm.addAll(options.serverJvmArgs()); // later options win: --server-jvm can override the launcher's
        jvm.addAll(ownJvmArgs);
        return ChildServer.start(name, options.serverPrefix(), jvm, program, "/v1/health", work.resolve(name + ".log"),
                180_000);
    }

    private static String ms(long nanos) {
        return P99Rounds.ms(nanos);
    }
}
