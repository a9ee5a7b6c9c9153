package io.hyperperp.bench.versus;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * HyperPerp's engine alone on a command file, two builds in one JVM, run by run in turn (A B A B
 * ...): for telling two commits apart on a shared machine, where consecutive `bench --versus` runs of
 * one build differ more than the change being measured. Each build is loaded from its own two jars
 * in a class loader of its own; each run is a fresh engine on the whole stream after a full GC,
 * timed by wall clock and by the thread's CPU time. Prints every run, the median ratio B / A, and the
 * ratio of each build's fastest run by CPU time (other processes only ever add to a run's time, so
 * on a loaded machine the fastest run is the least disturbed one).
 *
 * <pre>{@code
 * java -Xms4g -Xmx4g -cp hyperperp-bench/target/benchmarks.jar io.hyperperp.bench.versus.BuildComparison \
 *   DIR_A DIR_B COMMANDS_FILE [ROUNDS]
 * }</pre>
 * Each directory holds one build's {@code hyperperp.jar} and {@code benchmarks.jar}; each run reads
 * the encoded stream command by command into one slot, as {@code bench --versus} does.
 */
public final class BuildComparison {

    private BuildComparison() {
    }

    /** Runs the comparison; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BuildComparison DIR_A DIR_B COMMANDS_FILE [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 3 && args[3].matches("\\d{1,4}") ? Integer.parseInt(args[3]) : -1;
        if (args.length > 3 && rounds < 2) {
            System.err.println("ROUNDS must be a whole number from 2 to 9999 (the first round is warm-up)");
            System.exit(2);
        }
        rounds = args.length > 3 ? rounds : 10;
        for (int b = 0; b < 2; b++) {
            for (String jar : new String[] {"hyperperp.jar", "benchmarks.jar"}) {
                if (!Files.isRegularFile(Path.of(args[b], jar))) {
                    System.err.println(args[b] + " has no " + jar + " (copy a build's two jars there)");
                    System.exit(2);
                }
            }
        }
        URL self = BuildComparison.class.getProtectionDomain().getCodeSource().getLocation();
        List<Supplier<long[]>> builds = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            Path dir = Path.of(args[b]);
            URLClassLoader loader = new URLClassLoader("build-" + b, new URL[] {
                dir.resolve("hyperperp.jar").toUri().toURL(), dir.resolve("benchmarks.jar").toUri().toURL(), self},
                ClassLoader.getPlatformClassLoader());
            Class<?> runner = Class.forName(Run.class.getName(), true, loader);
            @SuppressWarnings("unchecked")
            Supplier<long[]> run = (Supplier<long[]>) runner.getMethod("prepare", String.class).invoke(null, args[2]);
            builds.add(run);
        }
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        long[] fastestCpu = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int r = 0; r < rounds; r++) {
            long[][] result = new long[2][];
            for (int b = 0; b < 2; b++) {
                int which = r % 2 == 0 ? b : 1 - b;
                System.gc();
                result[which] = builds.get(which).get();
            }
            if (r > 0) {
                fastestCpu[0] = Math.min(fastestCpu[0], result[0][1]);
                fastestCpu[1] = Math.min(fastestCpu[1], result[1][1]);
            }
            wall[r] = (double) result[0][0] / result[1][0];
            cpu[r] = (double) result[0][1] / result[1][1];
            System.out.printf(Locale.ROOT, "round %d: A %.1f ms (cpu %.1f), B %.1f ms (cpu %.1f), B/A speed %.3f (cpu %.3f), load %s%n",
                    r + 1, result[0][0] / 1e6, result[0][1] / 1e6, result[1][0] / 1e6, result[1][1] / 1e6, wall[r],
                    cpu[r], load());
        }
        // The first round warms both builds up.
        double[] wallCounted = Arrays.copyOfRange(wall, 1, rounds);
        double[] cpuCounted = Arrays.copyOfRange(cpu, 1, rounds);
        System.out.printf(Locale.ROOT, "B/A speed, median of rounds 2-%d: %.3f by wall time, %.3f by CPU time%n", rounds,
                median(wallCounted), median(cpuCounted));
        // Other processes only ever add to a run's time: each build's fastest run is the least disturbed.
        System.out.printf(Locale.ROOT, "fastest run by CPU time: A %.1f ms, B %.1f ms, B/A speed %.3f%n",
                fastestCpu[0] / 1e6, fastestCpu[1] / 1e6, (double) fastestCpu[0] / fastestCpu[1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * One build's side, loaded in that build's class loader; uses only the API every build since
     * flat commands has.
     */
    public static final class Run implements Supplier<long[]> {

        private final CommandStream stream;
        private final MarketRegistry registry;

        private Run(CommandStream stream, MarketRegistry registry) {
            this.stream = stream;
            this.registry = registry;
        }

        /** Parses and encodes the file (untimed). */
        public static Supplier<long[]> prepare(String file) throws Exception {
            MarketRegistry registry = MarketRegistry.defaults();
            List<Command> commands = CommandFile.read(file, registry);
            return new Run(CommandStream.of(commands,
                    new CommandIntake()), registry);
        }

        @Override
        public long[] get() {
            var engine = new MatchingEngine(registry, new CountingHandler());
            var threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            FlatCommand slot = new FlatCommand();
            for (int i = 0; i < stream.size(); i++) {
                stream.read(i, slot);
                engine.process(slot);
            }
            return new long[] {System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpu};
        }
    }
}
