package io.hyperperp.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The settings of {@link HttpCpuBench}, from its command line. */
record HttpCpuBenchOptions(Path serverJar, boolean postgres, String mode, int requests, int warmup, int connections,
                           int openConnections, int batch, int tradePercent, int rounds, int floorThreads,
                           List<String> serverJvmArgs, List<String> serverSettings, Path compareJar, boolean threads,
                           List<String> serveOptions, String serverCpus, String loadCpus, List<String> serverWrapper,
                           Path timelineDir, List<String> compareJvmArgs, int fill, List<String> compareSettings,
                           int settleRounds, List<String> serverOwnSettings) {

    /** A CPU list as {@code taskset -c} reads it: numbers and ranges, comma-separated. */
    private static final java.util.regex.Pattern CPU_LIST =
            java.util.regex.Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: HttpCpuBench --server-jar JAR [options]",
                "  --postgres              server on a new embedded PostgreSQL (its CPU counted) instead of in memory",
                "  --mode cpu|p99          CPU per order against the floor (default), or p99 at 70% of the maximum rate",
                "  --requests N            measured requests per run (default 50000)",
                "  --warmup N              warm-up requests per server before the rounds (default: --requests)",
                "  --connections C         keep-alive connections of a flat-out run (default 8)",
                "  --open-connections C    connections of the open-loop run of --mode p99 (default 128)",
                "  --fill N                requests each server has taken, warm-up included, before the rounds",
                "                          (default 300000: past the in-memory history's and settlement store's",
                "                          bounds of 100,000, and on PostgreSQL the group commit's per-group code",
                "                          to C2; 0: the warm-up only); with --mode cpu the floor takes as many",
                "  --settle-rounds N       at most N unmeasured rounds of the measured rounds' shape before them:",
                "                          --mode cpu until one in which the JIT compiler took at most 5% of every",
                "                          target's CPU (0: none, and with --postgres the floor alone settles before",
                "                          each round); --mode p99 until one in which no target's JIT compiler nor",
                "                          the generator's ran over 2 ms in a run (default 10)",
                "  --batch B               orders per request; B > 1 posts to /v1/orders/batch (default 1)",
                "  --trade-percent P       share of orders that cross the book (default 50)",
                "  --rounds R              floor/server pairs measured alternately (default 2)",
                "  --floor-threads N       floor on N platform threads instead of virtual threads",
                "  --server-jvm ARG        extra JVM option of both servers, --server-jar's and --compare-jar's (repeatable;",
                "                          not the floor's), e.g. -XX:StartFlightRecording=...; one server only: --compare-jvm",
                "  --serve-options FILE    JVM options of the server and the floor, one per line (default: the",
                "                          launcher's bin/serve-jvm-options beside the server jar's build; 'none': none)",
                "  --set KEY=VALUE         extra server setting (repeatable)",
                "  --compare-jar JAR       a second server (another build), measured in every round after the first",
                "  --compare-jvm ARG       extra JVM option of the --compare-jar server only (repeatable; after",
                "                          --server-jvm): the same jar twice compares two JVM settings in the same rounds",
                "  --server-set KEY=VALUE  server setting of the --server-jar server only (repeatable; after --set): a",
                "                          setting the --compare-jar build does not know, e.g. persistence.tables=behind",
                "  --compare-set KEY=VALUE server setting of the --compare-jar server only (repeatable; after --set):",
                "                          the same jar twice compares two server settings in the same rounds",
                "  --threads               print where each server's CPU went, by thread (Linux thread names)",
                "  --server-cpus LIST      run the servers and the floor on these CPUs only (taskset -c LIST, e.g. 1)",
                "  --load-cpus LIST        run the load generator (this JVM) on these CPUs only (e.g. 0), so that it",
                "                          does not take the servers' CPU; the maximum rate is measured pinned too",
                "  --server-wrapper CMD    start the servers and the floor under CMD (words split at spaces; it must exec",
                "                          the JVM), e.g. 'chrt -r 1' or 'bin/sched-slice 100'; after taskset if both",
                "  --timeline DIR          --mode p99: write each open-loop run's requests (due time on the JVM's",
                "                          timenanos clock, latency, sender lateness) to DIR/p99-ROUND-NAME.tsv, for",
                "                          bin/gc-timeline against -Xlog:gc,safepoint:file=F:timenanos,uptime");
    }

    static HttpCpuBenchOptions parse(String[] args) {
        Path jar = null;
        boolean postgres = false;
        String mode = "cpu";
        int requests = 50_000;
        int warmup = -1;
        int connections = 8;
        int openConnections = 128;
        int fill = 300_000;
        int settleRounds = 10;
        int batch = 1;
        int trade = 50;
        int rounds = 2;
        int floorThreads = 0;
        List<String> jvm = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        Path compare = null;
        boolean threads = false;
        String serveOptions = null;
        String serverCpus = null;
        String loadCpus = null;
        List<String> wrapper = List.of();
        Path timeline = null;
        List<String> compareJvm = new ArrayList<>();
        List<String> compareSettings = new ArrayList<>();
        List<String> serverOwnSettings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--postgres" -> postgres = true;
                case "--server-jar" -> jar = Path.of(value(args, ++i, a));
                case "--mode" -> mode = value(args, ++i, a);
                case "--requests" -> requests = positive(args, ++i, a);
                case "--warmup" -> warmup = positive(args, ++i, a);
                case "--connections" -> connections = positive(args, ++i, a);
                case "--open-connections" -> openConnections = positive(args, ++i, a);
                case "--fill" -> fill = positive(args, ++i, a);
                case "--settle-rounds" -> settleRounds = positive(args, ++i, a);
                case "--batch" -> batch = positive(args, ++i, a);
                case "--trade-percent" -> trade = positive(args, ++i, a);
                case "--rounds" -> rounds = positive(args, ++i, a);
                case "--floor-threads" -> floorThreads = positive(args, ++i, a);
                case "--server-jvm" -> jvm.add(value(args, ++i, a));
                case "--set" -> settings.add(value(args, ++i, a));
                case "--compare-jar" -> compare = Path.of(value(args, ++i, a));
                case "--threads" -> threads = true;
                case "--serve-options" -> serveOptions = value(args, ++i, a);
                case "--server-cpus" -> serverCpus = cpuList(args, ++i, a);
                case "--load-cpus" -> loadCpus = cpuList(args, ++i, a);
                case "--server-wrapper" -> wrapper = words(args, ++i, a);
                case "--timeline" -> timeline = Path.of(value(args, ++i, a));
                case "--compare-jvm" -> compareJvm.add(value(args, ++i, a));
                case "--compare-set" -> compareSettings.add(value(args, ++i, a));
                case "--server-set" -> serverOwnSettings.add(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--server-jar must name the hyperperp jar (hyperperp-cli/target/hyperperp.jar)");
        }
        if (compare != null && !Files.isRegularFile(compare)) {
            throw new IllegalArgumentException("--compare-jar: no such file " + compare);
        }
        if (!mode.equals("cpu") && !mode.equals("p99")) {
            throw new IllegalArgumentException("--mode must be cpu or p99");
        }
        if (trade > 100) {
            throw new IllegalArgumentException("--trade-percent must be 0-100");
        }
        return new HttpCpuBenchOptions(jar, postgres, mode, requests, warmup < 0 ? requests : warmup, connections, openConnections,
                batch, trade, rounds, floorThreads, List.copyOf(jvm), List.copyOf(settings), compare, threads,
                serveOptions(serveOptions, jar), serverCpus, loadCpus, wrapper, timeline,
                List.copyOf(compareJvm), fill, List.copyOf(compareSettings), settleRounds, List.copyOf(serverOwnSettings));
    }

    /**
     * The launcher's JVM options of {@code serve}, so that the benchmark's server runs as {@code ./hyperperp serve}
     * does, and the floor as the server: {@code bin/serve-jvm-options} of the tree the jar was built in
     * ({@code hyperperp-cli/target/hyperperp.jar}), unless another file or {@code none} is named.
     */
    static List<String> serveOptions(String named, Path serverJar) {
        if ("none".equals(named)) {
            return List.of();
        }
        Path file;
        if (named != null) {
            file = Path.of(named);
        } else {
            Path tree = serverJar.toAbsolutePath().normalize().getParent();
            for (int up = 0; up < 2 && tree != null; up++) {
                tree = tree.getParent();
            }
            file = tree == null ? null : tree.resolve("bin").resolve("serve-jvm-options");
            if (file == null || !Files.isRegularFile(file)) {
                return List.of();
            }
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("--serve-options: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String cpuList(String[] args, int i, String option) {
        String text = value(args, i, option);
        if (!CPU_LIST.matcher(text).matches()) {
            throw new IllegalArgumentException(option + " must be a CPU list such as 1 or 0,2-3, not '" + text + "'");
        }
        return text;
    }

    /** The command prefix that runs a server on {@link #serverCpus} under {@link #serverWrapper}, or none. */
    List<String> serverPrefix() {
        List<String> prefix = new ArrayList<>();
        if (serverCpus != null) {
            prefix.addAll(List.of("taskset", "-c", serverCpus));
        }
        prefix.addAll(serverWrapper);
        return List.copyOf(prefix);
    }

    private static List<String> words(String[] args, int i, String option) {
        List<String> words = List.of(value(args, i, option).strip().split("\\s+"));
        if (words.get(0).isEmpty()) {
            throw new IllegalArgumentException(option + " needs a command");
        }
        return words;
    }

    private static int positive(String[] args, int i, String option) {
        String text = value(args, i, option);
        try {
            int v = Integer.parseInt(text);
            if (v >= 0 && (v > 0 || option.equals("--trade-percent") || option.equals("--fill")
                    || option.equals("--settle-rounds"))) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive integer, not '" + text + "'");
    }
}
