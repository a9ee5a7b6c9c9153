package io.hyperperp.bench.versus;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.util.List;
import java.util.Locale;

/**
 * One engine alone on a command file, run after run in one JVM: for counting what each engine does
 * per command with a tool that counts the whole process ({@code perf stat} on a host that exposes the
 * CPU's counters), where {@code bench --versus} would mix both engines' work. Runs {@code WARMUP} runs, then {@code RUNS}
 * more, each on a fresh book exactly as {@code bench --versus} times it; two processes that differ
 * only in {@code RUNS} differ by those runs' work alone (start-up, parsing and warm-up cancel out).
 *
 * <pre>{@code
 * java -Xms4g -Xmx4g -cp hyperperp-cli/target/hyperperp.jar:hyperperp-bench/target/benchmarks.jar \
 *   io.hyperperp.bench.versus.SingleEngineReplay hyperperp|exchange-core COMMANDS_FILE WARMUP RUNS
 * # the commands (the first LIMIT of them, if given) in binary form, for a simulator (COMMANDS_FILE above may
 * # then end in .bin)
 * ... io.hyperperp.bench.versus.SingleEngineReplay --save COMMANDS_FILE OUT.bin [LIMIT]
 * }</pre>
 */
public final class SingleEngineReplay {

    private SingleEngineReplay() {
    }

    /** Runs the replay; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if ((args.length == 3 || args.length == 4 && args[3].matches("\\d{1,9}")) && args[0].equals("--save")
                && args[2].endsWith(".bin")) {
            List<Command> all = CommandFile.read(args[1], MarketRegistry.defaults());
            int limit = args.length == 4 ? Math.min(all.size(), Integer.parseInt(args[3])) : all.size();
            CommandFile.writeBinary(all.subList(0, limit), java.nio.file.Path.of(args[2]));
            return;
        }
        if (args.length != 4 || !args[0].matches("hyperperp|exchange-core") || !args[2].matches("\\d{1,4}")
                || !args[3].matches("\\d{1,4}")) {
            System.err.println("usage: SingleEngineReplay hyperperp|exchange-core COMMANDS_FILE WARMUP RUNS");
            System.exit(2);
        }
        boolean hyperperp = args[0].equals("hyperperp");
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        MarketRegistry registry = MarketRegistry.defaults();
        List<Command> commands = CommandFile.read(args[1], registry);
        if (commands.isEmpty() || !(commands.get(0) instanceof PlaceOrder first)) {
            System.err.println(args[1] + ": the first command must place an order");
            System.exit(2);
            return;
        }
        MarketSpec market = registry.find(first.marketId()).orElseThrow(
                () -> new IllegalArgumentException("market " + first.marketId() + " is not configured"));
        // Each engine's encoding is made untimed, as bench --versus makes it (only the one that runs).
        ExchangeCoreStream exchangeCore = hyperperp ? null : ExchangeCoreStream.convert(commands, market);
        var intake = new io.hyperperp.core.command.CommandIntake();
        var setup = io.hyperperp.core.command.CommandStream.of(List.of(), intake);
        var timed = io.hyperperp.core.command.CommandStream.of(commands, intake);
        System.out.printf(Locale.ROOT, "%d commands per run%n", commands.size());
        for (int run = 1; run <= warmup + runs; run++) {
            System.gc();
            long elapsed = hyperperp
                    ? HyperPerpRunner.run(handler -> new MatchingEngine(registry, handler), setup, timed,
                            market.marketId()).elapsedNanos()
                    : ExchangeCoreRunner.run(exchangeCore).elapsedNanos();
            System.out.printf(Locale.ROOT, "%s run %d%s: %.1f ms, %.2f M commands/s%n", args[0], run,
                    run <= warmup ? " (warm-up)" : "", elapsed / 1e6, commands.size() * 1e3 / elapsed);
        }
    }
}
