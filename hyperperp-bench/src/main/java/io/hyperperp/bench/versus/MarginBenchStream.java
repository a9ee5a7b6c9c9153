package io.hyperperp.bench.versus;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HyperPerp alone on a command file (exchange-core's stream), with margin as {@code bench --versus
 * exchange-core --margin} sets it up ({@link MarginSetup}: cross margin, every user funded) or
 * without: for a profiler, and for the margin's cost on that stream without exchange-core in the
 * JVM. Each run is a fresh engine timed exactly as the versus harness times HyperPerp.
 *
 * <pre>{@code
 * java -Xms4g -Xmx4g -cp hyperperp-cli/target/hyperperp.jar:hyperperp-bench/target/benchmarks.jar \
 *   io.hyperperp.bench.versus.MarginBenchStream COMMANDS_FILE cross-only|none-only|both WARMUP RUNS
 * }</pre>
 *
 * <p>{@code both} alternates the two modes run by run in one JVM; the others run one mode only. Prints
 * each measured run and the medians per thread-CPU second.
 */
public final class MarginBenchStream {

    private MarginBenchStream() {
    }

    /** Runs the replay; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[1].matches("cross-only|none-only|both") || !args[2].matches("\\d{1,4}")
                || !args[3].matches("\\d{1,4}")) {
            System.err.println("usage: MarginBenchStream COMMANDS_FILE cross-only|none-only|both WARMUP RUNS");
            System.exit(2);
            return;
        }
        MarketRegistry registry = MarketRegistry.defaults();
        List<Command> commands = CommandFile.read(args[0], registry);
        if (commands.isEmpty() || !(commands.get(0) instanceof PlaceOrder first)) {
            throw new IllegalArgumentException(args[0] + ": the first command must place an order");
        }
        MarketSpec market = registry.find(first.marketId()).orElseThrow();
        MarketRegistry margined = MarginSetup.registryOf(MarginSetup.withMargin(market));
        CommandIntake intake = new CommandIntake();
        CommandStream noSetup = CommandStream.of(List.of(), intake);
        CommandStream deposits = CommandStream.of(MarginSetup.deposits(commands), intake);
        CommandStream timed = CommandStream.of(commands, intake);
        boolean cross = !args[1].equals("none-only");
        boolean none = !args[1].equals("cross-only");
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        double[] crossRates = new double[runs];
        double[] noneRates = new double[runs];
        for (int run = -warmup; run < runs; run++) {
            if (cross) {
                double rate = rate(HyperPerpRunner.run(handler -> new MatchingEngine(margined, handler), deposits,
                        timed, market.marketId()), commands.size());
                if (run >= 0) {
                    crossRates[run] = rate;
                }
            }
            if (none) {
                double rate = rate(HyperPerpRunner.run(handler -> new MatchingEngine(registry, handler), noSetup,
                        timed, market.marketId()), commands.size());
                if (run >= 0) {
                    noneRates[run] = rate;
                }
            }
        }
        if (cross) {
            System.out.printf(Locale.ROOT, "cross runs: %s%n", Arrays.toString(crossRates));
        }
        if (none) {
            System.out.printf(Locale.ROOT, "none runs: %s%n", Arrays.toString(noneRates));
        }
        System.out.printf(Locale.ROOT, "per CPU second of the thread (medians of %d runs after %d):%s%s%s%n", runs,
                warmup, cross ? String.format(Locale.ROOT, " cross %.2f M/s", median(crossRates)) : "",
                none ? String.format(Locale.ROOT, " none %.2f M/s", median(noneRates)) : "",
                cross && none ? String.format(Locale.ROOT, " ratio %.3f", median(crossRates) / median(noneRates))
                        : "");
    }

    private static double rate(HyperPerpRunner.Run run, int commands) {
        return commands * 1e3 / run.cpuNanos();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
