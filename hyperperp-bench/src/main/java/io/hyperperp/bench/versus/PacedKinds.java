package io.hyperperp.bench.versus;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.bench.MixedWorkload;
import io.hyperperp.bench.PacedSides;
import io.hyperperp.bench.ThreadAffinity;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * HyperPerp's slowest on-time commands by kind on the generated workload of {@code bench --generate}, paced against
 * the no-op floor as {@code bench --rate} paces them (slices of 20 ms, the two sides taking turns), printed by
 * {@link KindTally}. Each iteration is a fresh engine with the workload's book built untimed; the first is not counted.
 *
 * <p>With {@code -Dworkload=PREFIX} the workload and its kinds are read from {@code PREFIX.warmup.bin},
 * {@code PREFIX.measured.bin} and {@code PREFIX.kinds} if they exist, and generated and written there otherwise: a
 * knock-out build, whose engine would generate a different workload (or none), reads the one a clean build wrote.
 *
 * <pre>{@code
 * java -Xms2g -Xmx2g -XX:+UseParallelGC -XX:+AlwaysPreTouch -cp hyperperp-cli/target/hyperperp.jar:hyperperp-bench/target/benchmarks.jar \
 *   io.hyperperp.bench.versus.PacedKinds COMMANDS SEED RATE ITERATIONS [CPU NICE]
 * }</pre>
 */
public final class PacedKinds {

    private static final List<String> SIDES = List.of("no-op floor", "HyperPerp");

    /** What the floor read, kept where the JIT cannot prove it unused. */
    private static volatile long floorSink;

    private PacedKinds() {
    }

    /** Runs it; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if ((args.length != 4 && args.length != 6) || !String.join(" ", args).matches("[0-9 -]+")) {
            System.err.println("usage: PacedKinds COMMANDS SEED RATE ITERATIONS [CPU NICE]");
            System.exit(2);
        }
        int commands = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        long rate = Long.parseLong(args[2]);
        int iterations = Integer.parseInt(args[3]);
        PrintWriter out = new PrintWriter(System.out, true);
        String prefix = System.getProperty("workload");
        List<Command> warmupCommands;
        List<Command> measuredCommands;
        CommandKinds kinds;
        if (prefix != null && Files.exists(Path.of(prefix + ".kinds"))) {
            warmupCommands = CommandFile.read(prefix + ".warmup.bin", MixedWorkload.registry());
            measuredCommands = CommandFile.read(prefix + ".measured.bin", MixedWorkload.registry());
            kinds = CommandKinds.read(Path.of(prefix + ".kinds"));
            out.println("workload read from " + prefix + ".*");
        } else {
            MixedWorkload workload = MixedWorkload.generate(seed, commands);
            warmupCommands = workload.warmup();
            measuredCommands = workload.measured();
            kinds = CommandKinds.of(MixedWorkload.registry(), warmupCommands, measuredCommands);
            if (prefix != null) {
                CommandFile.writeBinary(warmupCommands, Path.of(prefix + ".warmup.bin"));
                CommandFile.writeBinary(measuredCommands, Path.of(prefix + ".measured.bin"));
                kinds.write(Path.of(prefix + ".kinds"));
            }
        }
        KindTally tally = new KindTally(SIDES, kinds);
        CommandIntake intake = new CommandIntake();
        CommandStream warmup = CommandStream.of(warmupCommands, intake);
        CommandStream timed = CommandStream.of(measuredCommands, intake);
        if (args.length == 6) {
            out.println("pinned: " + ThreadAffinity.isolateForMeasuring(Integer.parseInt(args[4]),
                    Integer.parseInt(args[5])));
        }
        int sliceCommands = (int) (rate / 50);
        FlatCommand floorSlot = new FlatCommand();
        FlatCommand slot = new FlatCommand();
        for (int it = 1; it <= iterations; it++) {
            MatchingEngine engine = new MatchingEngine(MixedWorkload.registry(), new CountingHandler());
            for (int i = 0; i < warmup.size(); i++) {
                warmup.read(i, slot);
                engine.process(slot);
            }
            IntConsumer floor = i -> {
                timed.read(i, floorSlot);
                floorSink += floorSlot.orderId() ^ floorSlot.price();
            };
            IntConsumer hyperperp = i -> {
                timed.read(i, slot);
                engine.process(slot);
            };
            PacedSides window = PacedSides.run(List.of(floor, hyperperp), timed.size(), rate, sliceCommands);
            if (it > 1 || iterations == 1) {
                tally.add(window);
            }
            out.println("iteration " + it + (it > 1 || iterations == 1 ? "" : " (warm-up)"));
        }
        tally.print(out);
    }
}
