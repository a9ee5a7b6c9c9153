package io.hyperperp.bench.versus;

import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.orderbook.IOrderBook;
import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.PacedSideSummary;
import io.hyperperp.bench.PacedSides;
import io.hyperperp.bench.PacedSidesTally;
import io.hyperperp.bench.ThreadAffinity;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * HyperPerp, exchange-core and the no-op floor at one offered rate on the same commands ({@link PacedSides}): each
 * iteration builds a fresh HyperPerp engine and a fresh exchange-core book and paces every command through the floor,
 * HyperPerp and exchange-core slice by slice, the order of the three rotating from slice to slice. Each engine gets
 * its commands as {@code bench --versus} times them (HyperPerp's read from the flat stream into one slot,
 * exchange-core's copied into one work command); the floor reads HyperPerp's command into its slot and nothing more,
 * as {@code bench --rate}'s floor does. After each iteration both final books must equal the book exchange-core left
 * in an unpaced run on the same stream first, and HyperPerp's fills exchange-core's. The first iteration warms the JIT
 * and is not counted (when there are more). {@code --pin-cpu} and {@code --measuring-nice} pin the measuring thread
 * (all three sides) as {@code bench --rate} does.
 *
 * <pre>{@code
 * java -Xms4g -Xmx4g -cp hyperperp-cli/target/hyperperp.jar:hyperperp-bench/target/benchmarks.jar \
 *   io.hyperperp.bench.versus.PacedVersus COMMANDS_FILE RATE [ITERATIONS [SLICE_MS]] [--pin-cpu CPU [--measuring-nice N]]
 * }</pre>
 */
public final class PacedVersus {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(10);
    private static final List<String> SIDES = List.of("no-op floor", "HyperPerp", "exchange-core");

    /** What the floor read, kept where the JIT cannot prove it unused. */
    private static volatile long floorSink;

    private PacedVersus() {
    }

    /** Runs the comparison; see the class comment for the arguments. */
    public static void main(String[] all) throws Exception {
        List<String> args = new ArrayList<>(List.of(all));
        boolean byKind = args.remove("--by-kind");
        int pinCpu = takeOption(args, "--pin-cpu", -1);
        int nice = takeOption(args, "--measuring-nice", 0);
        if (args.size() < 2 || args.size() > 4 || !args.get(1).matches("\\d{1,9}")
                || args.size() > 2 && !args.get(2).matches("\\d{1,3}")
                || args.size() > 3 && !args.get(3).matches("\\d{1,5}") || pinCpu < 0 && nice != 0) {
            System.err.println("usage: PacedVersus COMMANDS_FILE RATE [ITERATIONS [SLICE_MS]] [--pin-cpu CPU"
                    + " [--measuring-nice N]] [--by-kind]");
            System.exit(2);
        }
        long rate = Long.parseLong(args.get(1));
        int iterations = args.size() > 2 ? Integer.parseInt(args.get(2)) : 3;
        int sliceMillis = args.size() > 3 ? Integer.parseInt(args.get(3)) : 20;
        if (rate < 1 || iterations < 1 || sliceMillis < 1) {
            System.err.println("RATE, ITERATIONS and SLICE_MS must be positive");
            System.exit(2);
        }
        MarketRegistry registry = MarketRegistry.defaults();
        try {
            run(new PrintWriter(System.out, true), registry, CommandFile.read(args.get(0), registry),
                    new Options(rate, iterations, sliceMillis, pinCpu, nice), byKind);
        } catch (IllegalArgumentException e) {
            System.err.println(args.get(0) + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * What to run.
     *
     * @param rate        offered rate, commands per second (positive)
     * @param iterations  iterations, the first not counted when there are more (positive)
     * @param sliceMillis slice length in ms (positive)
     * @param pinCpu      the CPU to pin the measuring thread to, or -1 for none
     * @param nice        the measuring thread's nice level with {@code pinCpu} (0: unchanged)
     */
    public record Options(long rate, int iterations, int sliceMillis, int pinCpu, int nice) {
        /** Checks the ranges. */
        public Options {
            if (rate < 1 || iterations < 1 || sliceMillis < 1) {
                throw new IllegalArgumentException("rate, iterations and slice length must be positive");
            }
        }
    }

    /** Removes {@code --name VALUE} from {@code args}; its integer value, or {@code absent}. */
    private static int takeOption(List<String> args, String name, int absent) {
        int at = args.indexOf(name);
        if (at < 0) {
            return absent;
        }
        if (at + 1 >= args.size() || !args.get(at + 1).matches("-?\\d{1,3}")) {
            throw new IllegalArgumentException(name + " needs a number");
        }
        int value = Integer.parseInt(args.get(at + 1));
        args.subList(at, at + 2).clear();
        return value;
    }

    /**
     * Runs the comparison on {@code commands} (in {@code registry}'s markets) and prints it to {@code out}.
     *
     * @throws IllegalArgumentException when the commands cannot be run on both engines (the first does not place
     *                                  an order, its market is not configured, exchange-core cannot take one)
     * @throws IllegalStateException    when a final book or the fills differ between the engines
     */
    public static void run(PrintWriter out, MarketRegistry registry, List<Command> commands, Options options)
            throws Exception {
        run(out, registry, commands, options, false);
    }

    /**
     * As {@link #run(PrintWriter, MarketRegistry, List, Options)}; with {@code byKind} also each engine's slowest 1%
     * on-time commands by {@link CommandKinds kind} ({@link KindTally}).
     */
    public static void run(PrintWriter out, MarketRegistry registry, List<Command> commands, Options options,
                           boolean byKind) throws Exception {
        long rate = options.rate();
        int iterations = options.iterations();
        int sliceMillis = options.sliceMillis();
        if (commands.isEmpty() || !(commands.get(0) instanceof PlaceOrder first)) {
            throw new IllegalArgumentException("the first command must place an order");
        }
        MarketSpec market = registry.find(first.marketId()).orElseThrow(
                () -> new IllegalArgumentException("market " + first.marketId() + " is not configured"));
        ExchangeCoreStream stream = ExchangeCoreStream.convert(commands, market);
        CommandStream timed = CommandStream.of(commands, new CommandIntake());
        int sliceCommands = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate * sliceMillis / 1000));
        FinalBook reference = ExchangeCoreRunner.run(stream).book();
        out.printf(Locale.ROOT, "%d commands, %d M/s offered, slices of %d ms (%d commands), %d iterations"
                + " (the first not counted when there are more)%n", timed.size(), rate / 1_000_000, sliceMillis,
                sliceCommands, iterations);
        if (options.pinCpu() >= 0) {
            out.println("pinned: " + ThreadAffinity.isolateForMeasuring(options.pinCpu(), options.nice()));
        }
        PacedSidesTally tally = new PacedSidesTally(SIDES, HIGHEST_TRACKABLE);
        KindTally kinds = byKind ? new KindTally(SIDES, CommandKinds.of(registry, List.of(), commands)) : null;
        long collections = 0;
        for (int it = 1; it <= iterations; it++) {
            System.gc();
            long before = collections();
            Iteration run = new Iteration(registry, timed, stream);
            PacedSides window = PacedSides.run(run.sides(), timed.size(), rate, sliceCommands);
            floorSink = run.floorSink;
            boolean counted = iterations == 1 || it > 1;
            if (counted) {
                collections += collections() - before;
                tally.add(window);
                if (kinds != null) {
                    kinds.add(window);
                }
            }
            run.check(market, stream, reference, it);
            out.printf(Locale.ROOT, "iteration %d%s: both final books equal the unpaced run's, %d fills%n", it,
                    counted ? "" : " (warm-up)", stream.fills());
        }
        out.printf(Locale.ROOT, "collections inside the counted windows: %d%n", collections);
        for (PacedSideSummary side : tally.result()) {
            print(out, side);
        }
        if (kinds != null) {
            kinds.print(out);
        }
        out.flush();
    }

    private static void print(PrintWriter out, PacedSideSummary s) {
        out.printf(Locale.ROOT, "%-13s p50 %,d ns, p99 %,d ns, p99.99 %,d ns, max %,d ns; on time: %d commands,"
                        + " p50 %,d ns, p99 %,d ns, p99.9 %,d ns; late (> 1 µs): %d (%.4f%%)%n", s.name() + ":",
                s.p50(), s.p99(), s.p9999(), s.max(), s.onTime(), s.onTimeP50(), s.onTimeP99(), s.onTimeP999(),
                s.late(), 100.0 * s.late() / Math.max(1, s.commands()));
        if (s.p99Ratio().pairs() > 0) {
            out.printf(Locale.ROOT, "%-13s paired over %d slices: p99 / floor median %.2f (p10 %.2f, p90 %.2f,"
                            + " %d at most 1.5); p99.99 / floor median %.2f (p10 %.2f, p90 %.2f, %d at most 1.5)%n", "",
                    s.p99Ratio().pairs(), s.p99Ratio().median(), s.p99Ratio().low(), s.p99Ratio().high(),
                    s.p99Ratio().atMost1_5(), s.p9999Ratio().median(), s.p9999Ratio().low(), s.p9999Ratio().high(),
                    s.p9999Ratio().atMost1_5());
        }
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** One iteration's fresh engines and the three sides that drive them. */
    static final class Iteration {
        private final CountingHandler handler = new CountingHandler();
        private final MatchingEngine engine;
        private final IOrderBook book = ExchangeCoreRunner.newBook();
        private final CommandStream timed;
        private final OrderCommand[] exchangeCore;
        private final FlatCommand floorSlot = new FlatCommand();
        private final FlatCommand engineSlot = new FlatCommand();
        private final OrderCommand work = new OrderCommand();
        private long floorSink;

        Iteration(MarketRegistry registry, CommandStream timed, ExchangeCoreStream stream) {
            this.engine = new MatchingEngine(registry, handler);
            this.timed = timed;
            this.exchangeCore = stream.commands();
        }

        /** The floor, HyperPerp and exchange-core, in the order of {@link #SIDES}. */
        List<IntConsumer> sides() {
            return List.of(this::floor, this::hyperperp, this::exchangeCore);
        }

        void floor(int i) {
            timed.read(i, floorSlot);
            floorSink += floorSlot.orderId() ^ floorSlot.price();
        }

        void hyperperp(int i) {
            timed.read(i, engineSlot);
            engine.process(engineSlot);
        }

        void exchangeCore(int i) {
            exchangeCore[i].writeTo(work);
            work.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
            IOrderBook.processCommand(book, work);
        }

        /** Both books must equal {@code reference}, HyperPerp's fills exchange-core's. */
        void check(MarketSpec market, ExchangeCoreStream stream, FinalBook reference, int iteration) {
            long fills = stream.fills();
            FinalBook exchangeCoreBook = ExchangeCoreRunner.book(book, stream);
            BookDepth depth = engine.depth(market.marketId(), Integer.MAX_VALUE);
            String difference = exchangeCoreBook.firstDifference(reference);
            if (difference == null) {
                difference = new FinalBook(depth.bids(), depth.asks()).firstDifference(reference);
            }
            if (difference != null || handler.fills() != fills) {
                throw new IllegalStateException("iteration " + iteration + ": "
                        + (difference != null ? difference : "HyperPerp made " + handler.fills() + " fills, exchange-core "
                        + fills));
            }
        }
    }
}
