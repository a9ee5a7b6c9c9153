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
 *   io.hyperperp.bench.versus.MarginBenchStream COMMANDS_FILE cross-only|none-only|both WARMUP RUNS [TICK_EVERY]
 * }</pre>
 *
 * <p>{@code both} alternates the two modes run by run in one JVM; the others run one mode only. Prints
 * each measured run and the medians per thread-CPU second. With {@code TICK_EVERY} (K &gt; 0) both modes
 * run the stream with an oracle that ticks ({@link OracleTicks}): a mark update after every K commands,
 * at the last trade; the rates count the ticks as commands. Without it, as {@code bench --versus
 * exchange-core --margin}: one untimed mark before the run, none during it.
 */
public final class MarginBenchStream {

    private MarginBenchStream() {
    }

    /** Runs the replay; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5 || !args[1].matches("cross-only|none-only|both")
                || !args[2].matches("\\d{1,4}") || !args[3].matches("\\d{1,4}")
                || args.length == 5 && !args[4].matches("[1-9]\\d{0,8}")) {
            System.err.println("usage: MarginBenchStream COMMANDS_FILE cross-only|none-only|both WARMUP RUNS [TICK_EVERY]");
            System.exit(2);
            return;
        }
        MarketRegistry registry = MarketRegistry.defaults();
        List<Command> stream = CommandFile.read(args[0], registry);
        if (stream.isEmpty() || !(stream.get(0) instanceof PlaceOrder first)) {
            throw new IllegalArgumentException(args[0] + ": the first command must place an order");
        }
        MarketSpec market = registry.find(first.marketId()).orElseThrow();
        List<Command> commands = args.length == 5
                ? OracleTicks.insert(stream, registry, market.marketId(), Integer.parseInt(args[4])) : stream;
        if (args.length == 5) {
            System.out.printf(Locale.ROOT, "oracle: %d ticks, one after every %s commands%n",
                    commands.size() - stream.size(), args[4]);
        }
        MarketRegistry margined = MarginSetup.registryOf(MarginSetup.withMargin(market));
        CommandIntake intake = new CommandIntake();
        CommandStream noSetup = CommandStream.of(List.of(), intake);
        CommandStream deposits = CommandStream.of(MarginSetup.deposits(stream), intake);
        CommandStream timed = CommandStream.of(commands, intake);
        boolean cross = !args[1].equals("none-only");
        boolean none = !args[1].equals("cross-only");
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        double[] crossRates = new double[runs];
        double[] noneRates = new double[runs];
        for (int run = -warmup; run < runs; run++) {
            if (cross) {
                HyperPerpRunner.Run timedRun = HyperPerpRunner.run(handler -> new MatchingEngine(margined, handler),
                        deposits, timed, market.marketId());
                if (run == -warmup) {
                    // the margin set-up is meant to refuse nothing, ticks or not
                    System.out.printf(Locale.ROOT, "cross: %d fills, %d rejects%n", timedRun.fills(), timedRun.rejects());
                }
                double rate = rate(timedRun, commands.size());
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
