package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.risk.MarginMode;
import java.util.List;

/**
 * {@link MarginBench}'s mixed workload, one margin mode per JVM, for an instruction counter
 * (valgrind's cachegrind or callgrind: this VM has no hardware counters). Two processes that differ
 * only in {@code COUNTED} give the measured part's cost per command:
 * (counts of {@code COUNTED = N} − counts of {@code COUNTED = 0}) / (N × 200,000).
 *
 * <pre>{@code
 * java -Xbatch -XX:+TieredCompilation -XX:+UseSerialGC -Xms1g -Xmx1g -cp benchmarks.jar \
 *   io.hyperperp.bench.MarginCount cross|none WARMUPS COUNTED SKIPPED
 * }</pre>
 *
 * <p>With the tiered compilers, as the timed benchmarks' JVMs run: C2 alone inlines under other limits
 * ({@code InlineSmallCode} 1,000 bytes instead of 2,500). The workload is generated in a JVM of its own
 * ({@link WorkloadFile}), so the only profile this JVM's JIT sees is the counted engine's; {@code -Xbatch} still
 * compiles in an order of its own, so check what C2 inlined ({@code bin/jit-lottery}) before believing a count.
 *
 * <p>Runs {@code WARMUPS} whole rounds (a fresh engine, the warm-up commands, the 200,000 measured
 * ones: {@code MarginBench}'s round), then {@code COUNTED} whole rounds and {@code SKIPPED} rounds that
 * build, flatten and warm up exactly as a whole round does but do not run the measured commands. Give
 * both processes the same {@code COUNTED + SKIPPED}, so that everything but the measured loops (engine
 * construction, flattening, warm-up commands, their garbage) is the same in both and cancels.
 */
public final class MarginCount {

    private MarginCount() {
    }

    /** Runs the rounds; see the class comment for the arguments. */
    public static void main(String[] args) {
        if (args.length != 4 || !args[0].matches("cross|none")) {
            System.err.println("usage: MarginCount cross|none WARMUPS COUNTED SKIPPED");
            System.exit(2);
            return;
        }
        boolean cross = args[0].equals("cross");
        int warmups = Integer.parseInt(args[1]);
        int counted = Integer.parseInt(args[2]);
        int skipped = Integer.parseInt(args[3]);
        MixedWorkload workload = MixedWorkload.generateApart(1, 200_000);
        List<Command> warmup = cross ? MarginBench.fund(workload) : workload.warmup();
        long checksum = 0;
        for (int round = 0; round < warmups + counted + skipped; round++) {
            MarketRegistry registry = cross ? MixedWorkload.registry().withMargin(MarginMode.CROSS)
                    : MixedWorkload.registry();
            checksum += round(registry, warmup, workload.measured(), round < warmups + counted);
        }
        System.out.printf("MarginCount %s: %d warm-up, %d counted, %d skipped rounds of %d commands; events %d%n",
                args[0], warmups, counted, skipped, workload.measured().size(), checksum);
    }

    /** One of {@link MarginBench}'s rounds without its clocks; the measured loop only when {@code run}. */
    private static long round(MarketRegistry registry, List<Command> warmup, List<Command> measured, boolean run) {
        WarmedEngine warmed = WarmedEngine.start(registry, warmup, measured);
        CountingHandler handler = warmed.handler;
        long rejectsBefore = handler.rejected();
        // locals, as in MarginBench's timed loop, so the counted loop's code is the same
        CommandStream timed = warmed.timed;
        FlatCommand slot = warmed.slot;
        MatchingEngine engine = warmed.engine;
        int count = run ? timed.size() : 0;
        for (int i = 0; i < count; i++) {
            timed.read(i, slot);
            engine.process(slot);
        }
        if (handler.rejected() != rejectsBefore) {
            throw new IllegalStateException("the workload was rejected: not the same work");
        }
        return handler.events();
    }
}
