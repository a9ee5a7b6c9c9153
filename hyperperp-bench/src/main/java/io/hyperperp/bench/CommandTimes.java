package io.hyperperp.bench;

import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import java.lang.management.ManagementFactory;

/**
 * Finds the engine's own slow commands one by one: the mixed workload's first commands, each timed and its
 * allocation counted, through many fresh engines in turn so that the JIT is warm, reported for the last engine.
 * A command that is slow here on a warm JIT and allocates is the engine growing a table (what the paced run's
 * {@code engine's own:} line names in every iteration); one that is slow only in the paced run is cold caches.
 *
 * <p>Usage: {@code CommandTimes [commands] [engines] [slowMicros]} (defaults 20000, 30, 8).
 */
public final class CommandTimes {

    private static final long SHOWN_ALLOCATION_BYTES = 1_000;

    private CommandTimes() {
    }

    /** Prints the slow or allocating commands of the last engine. */
    public static void main(String[] args) {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int engines = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long slowNanos = (args.length > 2 ? Long.parseLong(args[2]) : 8) * 1_000;
        MixedWorkload workload = MixedWorkload.generate(1, Math.max(commands, 1_000));
        CommandIntake intake = new CommandIntake();
        CommandStream warmup = CommandStream.of(workload.warmup(), intake);
        CommandStream timed = CommandStream.of(workload.measured(), intake);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long[] nanos = new long[commands];
        long[] bytes = new long[commands];
        FlatCommand slot = new FlatCommand();
        for (int e = 0; e < engines; e++) {
            MatchingEngine engine = new MatchingEngine(MixedWorkload.registry(), new CountingHandler());
            for (int i = 0; i < warmup.size(); i++) {
                warmup.read(i, slot);
                engine.process(slot);
            }
            for (int i = 0; i < commands; i++) {
                long allocated = threads.getThreadAllocatedBytes(thread);
                long start = System.nanoTime();
                timed.read(i, slot);
                engine.process(slot);
                nanos[i] = System.nanoTime() - start;
                bytes[i] = threads.getThreadAllocatedBytes(thread) - allocated;
            }
        }
        System.out.printf("commands over %d µs or allocating over %d B, engine %d of %d:%n", slowNanos / 1_000,
                SHOWN_ALLOCATION_BYTES, engines, engines);
        for (int i = 0; i < commands; i++) {
            if (nanos[i] > slowNanos || bytes[i] > SHOWN_ALLOCATION_BYTES) {
                System.out.printf("#%,d %s %.1f µs, %,d B%n", i, workload.measured().get(i).getClass().getSimpleName(),
                        nanos[i] / 1e3, bytes[i]);
            }
        }
    }
}
