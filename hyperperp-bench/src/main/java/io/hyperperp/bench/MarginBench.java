package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The margin benchmarks (not tests), alternating A and B in one JVM so that the shared machine's
 * noise hits both alike:
 *
 * <ol>
 *   <li>the {@link MixedWorkload} with every user funded and {@code margin: cross}, against the
 *       same workload with {@code margin: none} (ABAB; the score is the ratio of the medians);</li>
 *   <li>one mark update that liquidates 10,000 accounts, each long 1.0 at 30,000 with 3,000 of
 *       collateral (10x), against a book that absorbs them all (the time of that one command, after
 *       an earlier mark update at the unchanged price has keyed the positions).</li>
 * </ol>
 *
 * <p>{@code java -cp hyperperp-bench/target/benchmarks.jar io.hyperperp.bench.MarginBench [rounds]}
 *
 * <p>Every comparison also prints a {@link MemoryProbe} reading taken after its rounds and the JVM's
 * none rate per CPU second, and names the JVM when the probe says the machine ran its memory in the
 * {@link SlowMode slow mode}, so that a reader can tell which ratios come from such JVMs; the
 * headline ratio stays the median over all rounds.
 *
 * <p>{@code MarginBench ROUNDS users N...} runs only the first, once per user count N (the same mix
 * and book spread over N users): how the ratio moves as the accounts' margin entries stop fitting in
 * the caches (1,000 users is the default workload; 20 users' entries fit in any L1).
 *
 * <p>{@code MarginBench ROUNDS cross-only [WARMUPS]} (or {@code none-only}) runs one mode only, for a
 * profiler, after WARMUPS unrecorded rounds (2 unless given), and prints its median rate per CPU second: run the two in separate JVMs, in turns, for the ratio
 * with each mode compiled from a profile of its own.
 *
 * <p>{@code MarginBench ROUNDS forked FORKS} measures the same ratio that way in one invocation: it
 * starts child JVMs (this JVM's flags and class path) in turns, cross, none, cross, none, ..., each
 * running {@code ROUNDS cross-only} or {@code none-only}, {@code FORKS} of each, and prints every
 * fork's medians, each mode's median over the forks and their ratio. A server runs one configuration,
 * so its JIT compiles the shared engine code ({@code CommandProcessor.process}, the order entry, the
 * matcher) from one mode's profile; in the one-JVM mode both modes share one profile. Add
 * {@code shared} after FORKS to start, after each pair, a third child running the one-JVM ABAB
 * comparison ({@code ROUNDS mixed-only WARMUPS}), so that both ways are measured in the same run. Each
 * child warms up for {@link MarginBenchForks#WARMUPS} unrecorded rounds of its own.
 */
public final class MarginBench {

    private static final long FUNDING = 100_000_000_000_000L; // 100,000,000.000000 per user
    private static final int ACCOUNTS = 10_000;

    /**
     * The machine's reading for the slow mode ({@link SlowMode}), allocated with the JVM, before the
     * engine's objects, and read after the rounds: an array allocated only after them read slow in
     * JVMs whose engine ran fast (docs/benchmarks.md, Margin, "Session 24 (lead)").
     */
    private static final MemoryProbe PROBE = new MemoryProbe();

    private MarginBench() {
    }

    /** Runs both benchmarks and prints the results. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (args.length > 2 && args[1].equals("users")) {
            for (int i = 2; i < args.length; i++) {
                byUsers(rounds, Integer.parseInt(args[i]));
            }
            return;
        }
        if (args.length > 2 && args[1].equals("forked")) {
            MarginBenchForks.run(rounds, Integer.parseInt(args[2]), args.length > 3 && args[3].equals("shared"));
            return;
        }
        MixedWorkload workload = MixedWorkload.generateApart(1, 200_000);
        List<Command> fundedWarmup = fund(workload);
        if (args.length > 1 && (args[1].equals("cross-only") || args[1].equals("none-only"))) {
            // one mode per JVM, for a profiler, and for a JIT whose profile has seen only that mode
            boolean cross = args[1].equals("cross-only");
            int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
            double[] cpu = new double[rounds];
            double[] wall = new double[rounds];
            for (int round = -warmups; round < rounds; round++) {
                Rate rate = cross
                        ? mixed(MixedWorkload.registry().withMargin(MarginMode.CROSS), fundedWarmup, workload.measured())
                        : mixed(MixedWorkload.registry(), workload.warmup(), workload.measured());
                if (round >= 0) {
                    cpu[round] = rate.cpu();
                    wall[round] = rate.wall();
                }
            }
            // the machine's state for this JVM's memory, read after the rounds (SlowMode)
            double probe = PROBE.median(5);
            System.out.printf("%s: per CPU second of the thread %.2f M/s (median of %d rounds after %d);"
                    + " wall %.2f M/s; memory probe %.2f ns a load%n", args[1], median(cpu) / 1e6, rounds, warmups,
                    median(wall) / 1e6, probe);
            return;
        }
        if (args.length > 1 && args[1].equals("mixed-only")) {
            // the one-JVM comparison without the liquidation benchmark, as a fork of the forked mode
            Rates rates = alternate(rounds, args.length > 2 ? Integer.parseInt(args[2]) : 2, workload, fundedWarmup);
            double probe = PROBE.median(5);
            System.out.printf("mixed-only: per CPU second of the thread none %.2f M/s, cross %.2f M/s;"
                    + " wall none %.2f M/s, cross %.2f M/s; memory probe %.2f ns a load%n", median(rates.noneCpu()) / 1e6,
                    median(rates.crossCpu()) / 1e6, median(rates.none()) / 1e6, median(rates.cross()) / 1e6, probe);
            return;
        }
        Rates rates = alternate(rounds, 2, workload, fundedWarmup);
        System.out.printf("mixed workload: none %.2f M/s, cross %.2f M/s (medians of %d ABAB rounds), ratio %.3f;"
                + " per CPU second of the thread: none %.2f M/s, cross %.2f M/s, ratio %.3f%n",
                median(rates.none()) / 1e6, median(rates.cross()) / 1e6, rounds,
                median(rates.cross()) / median(rates.none()), median(rates.noneCpu()) / 1e6,
                median(rates.crossCpu()) / 1e6, median(rates.crossCpu()) / median(rates.noneCpu()));
        System.out.println(SlowMode.describe(median(rates.noneCpu()), PROBE.median(5)));

        double[] liquidation = new double[rounds];
        for (int round = -2; round < rounds; round++) {
            double ms = liquidateTenThousand();
            if (round >= 0) {
                liquidation[round] = ms;
            }
        }
        Arrays.sort(liquidation);
        System.out.printf("one mark update liquidating %d accounts: median %.1f ms, min %.1f, max %.1f%n", ACCOUNTS,
                median(liquidation), liquidation[0], liquidation[rounds - 1]);
    }

    /** The mixed workload's cross / none ratio with its orders spread over {@code users} users. */
    private static void byUsers(int rounds, int users) {
        WorkloadConfig mix = WorkloadConfig.exchangeCoreMix(1, 200_000);
        MixedWorkload workload = WorkloadFile.generateApart(new WorkloadConfig(mix.seed(), mix.measuredCommands(), users,
                mix.targetOrders(), mix.rangeTicks(), mix.gtcPercent(), mix.iocPercent(), mix.cancelPercent(),
                mix.amendPercent(), mix.tradePercent()));
        Rates rates = alternate(rounds, 2, workload, fund(workload));
        System.out.printf("%d users (%d fills): per CPU second of the thread none %.2f M/s, cross %.2f M/s"
                + " (medians of %d ABAB rounds), ratio %.3f%n", users, workload.stats().measuredFills(),
                median(rates.noneCpu()) / 1e6, median(rates.crossCpu()) / 1e6, rounds,
                median(rates.crossCpu()) / median(rates.noneCpu()));
        System.out.println(SlowMode.describe(median(rates.noneCpu()), PROBE.median(5)));
    }

    /** Each recorded round's commands per second, wall-clock and per thread-CPU second, of each mode. */
    record Rates(double[] none, double[] cross, double[] noneCpu, double[] crossCpu) {
    }

    /** The workload without margin and with cross margin, alternately, after unrecorded rounds of each. */
    private static Rates alternate(int rounds, int warmups, MixedWorkload workload, List<Command> fundedWarmup) {
        Rates rates = new Rates(new double[rounds], new double[rounds], new double[rounds], new double[rounds]);
        for (int round = -warmups; round < rounds; round++) { // unrecorded rounds warm the JIT
            Rate a = mixed(MixedWorkload.registry(), workload.warmup(), workload.measured());
            Rate b = mixed(MixedWorkload.registry().withMargin(MarginMode.CROSS), fundedWarmup, workload.measured());
            if (round >= 0) {
                rates.none()[round] = a.wall();
                rates.cross()[round] = b.wall();
                rates.noneCpu()[round] = a.cpu();
                rates.crossCpu()[round] = b.cpu();
            }
        }
        return rates;
    }

    /** The warm-up preceded by one deposit per user of the workload. */
    static List<Command> fund(MixedWorkload workload) {
        Set<String> users = new LinkedHashSet<>();
        workload.warmup().forEach(c -> users.add(c.userAddress()));
        workload.measured().forEach(c -> users.add(c.userAddress()));
        List<Command> out = new ArrayList<>();
        // a margined market has an oracle: positions are valued at the mark, not the last trade
        out.add(new UpdateMarkPrice(MixedWorkload.START_TIMESTAMP, "0x0", MixedWorkload.MARKET_ID,
                MixedWorkload.MID_PRICE));
        for (String user : users) {
            out.add(new Deposit(MixedWorkload.START_TIMESTAMP, user, FUNDING, "fund-" + user));
        }
        out.addAll(workload.warmup());
        return out;
    }

    /**
     * Commands per second of the measured part: per wall-clock second, and per second of CPU time
     * of the benchmark's thread, which excludes the time the shared machine's other processes held
     * the core (it still includes their effect on the caches).
     */
    record Rate(double wall, double cpu) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Commands per second over the measured part, on a fresh engine. */
    static Rate mixed(MarketRegistry registry, List<Command> warmup, List<Command> measured) {
        // Flattened untimed, as the runtime's intake does on the submitting threads: the engine alone is timed.
        WarmedEngine warmed = WarmedEngine.start(registry, warmup, measured);
        CountingHandler handler = warmed.handler;
        MatchingEngine engine = warmed.engine;
        CommandStream timed = warmed.timed;
        FlatCommand slot = warmed.slot;
        long rejectsBefore = handler.rejected();
        int count = timed.size();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            timed.read(i, slot);
            engine.process(slot);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        if (handler.rejected() != rejectsBefore) {
            throw new IllegalStateException("the workload was rejected " + (handler.rejected() - rejectsBefore)
                    + " times: not the same work");
        }
        return new Rate(measured.size() * 1e9 / elapsed, measured.size() * 1e9 / cpu);
    }

    /** Milliseconds of the one mark update that liquidates every account; checks the outcome. */
    static double liquidateTenThousand() {
        CountingHandler counter = new CountingHandler();
        MarketRegistry registry = MixedWorkload.registry().withMargin(MarginMode.CROSS);
        MatchingEngine engine = new MatchingEngine(registry, RiskSettings.DEFAULTS, counter);
        long t = MixedWorkload.START_TIMESTAMP;
        long market = MixedWorkload.MARKET_ID;
        long price = MixedWorkload.MID_PRICE;
        long one = 100_000_000L; // 1.0 at 8 size decimals
        engine.process(new Deposit(t, "0x5e11e4", FUNDING, "seller"));
        engine.process(new Deposit(t, "0xb1dde4", FUNDING, "bidder"));
        engine.process(new UpdateMarkPrice(t, "0x0", market, price));
        for (int i = 0; i < ACCOUNTS; i++) {
            String user = "0x" + Integer.toHexString(0x100000 + i);
            engine.process(new Deposit(t, user, 3_000_000_000L, "d" + i)); // 3,000.000000
            engine.process(PlaceOrder.limit(t, "0x5e11e4", market, Side.SELL, price, one));
            engine.process(PlaceOrder.limit(t, user, market, Side.BUY, price, one));
        }
        long bid = price * 90 / 100;
        engine.process(PlaceOrder.limit(t, "0xb1dde4", market, Side.BUY, bid, one * ACCOUNTS));
        // The oracle's previous tick, at an unchanged price, keys the new positions in the liquidation
        // index, as the mark updates between their trades and the crash would have.
        engine.process(new UpdateMarkPrice(t, "0x0", market, price));
        long liquidatedBefore = counter.liquidations();
        long start = System.nanoTime();
        engine.process(new UpdateMarkPrice(t + 1, "0x0", market, price * 91 / 100));
        long elapsed = System.nanoTime() - start;
        long liquidated = counter.liquidations() - liquidatedBefore;
        if (liquidated != ACCOUNTS || engine.position("0xb1dde4", market) != one * ACCOUNTS
                || engine.conservedTotal() != engine.netDeposits() || !engine.openOrders("0xb1dde4", market).isEmpty()) {
            throw new IllegalStateException("liquidated " + liquidated + ", bidder position "
                    + engine.position("0xb1dde4", market));
        }
        return elapsed / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
