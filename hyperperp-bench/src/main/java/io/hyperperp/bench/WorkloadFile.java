package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MixedWorkload} generated in a JVM of its own and read back from a file.
 *
 * <p>The generator runs every command through a matching engine (without margin, with its own event
 * handler) to know which orders are live. In the JVM that then measures an engine, that run is the
 * first profile the JIT sees of the engine's code: a profile of another margin mode and another
 * handler class, which the measured engine's first commands contradict (class-check and unstable-if
 * traps, recompiles) and which decides what C2 inlines where. A server never runs a second engine
 * like that, so a benchmark measuring one engine generates its workload apart
 * (docs/benchmarks.md, Margin, "Session 29").
 */
final class WorkloadFile {

    private static final int MAGIC = 0x48505731; // "HPW1"

    private WorkloadFile() {
    }

    /** Generates {@code config}'s workload in a child JVM (this one's java and class path) and reads it. */
    static MixedWorkload generateApart(WorkloadConfig config) {
        Path file = null;
        try {
            file = Files.createTempFile("hyperperp-workload", ".bin");
            // as much heap as this JVM may use: the workload is held here too
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + Runtime.getRuntime().maxMemory(), "-cp", System.getProperty("java.class.path"),
                    WorkloadFile.class.getName(), file.toString()));
            command.addAll(arguments(config));
            // its errors, if any, on this process's standard error
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the workload generator's JVM exited with " + exit);
            }
            return read(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not generate the workload apart", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the workload was generated", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing the benchmark for
                }
            }
        }
    }

    /** The child's entry point: {@code FILE} and the config's fields, in {@link #arguments}' order. */
    public static void main(String[] args) throws IOException {
        WorkloadConfig config = new WorkloadConfig(Long.parseLong(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]),
                Integer.parseInt(args[9]), Double.parseDouble(args[10]));
        write(MixedWorkload.generate(config), Path.of(args[0]));
    }

    static List<String> arguments(WorkloadConfig c) {
        return List.of(Long.toString(c.seed()), Integer.toString(c.measuredCommands()), Integer.toString(c.users()),
                Integer.toString(c.targetOrders()), Integer.toString(c.rangeTicks()), Integer.toString(c.gtcPercent()),
                Integer.toString(c.iocPercent()), Integer.toString(c.cancelPercent()),
                Integer.toString(c.amendPercent()), Double.toString(c.tradePercent()));
    }

    static void write(MixedWorkload workload, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            MixedWorkload.Stats s = workload.stats();
            out.writeLong(s.measuredFills());
            out.writeLong(s.tradingCommands());
            out.writeInt(s.restingOrdersAtEnd());
            out.writeInt(s.minRestingOrders());
            out.writeInt(s.maxRestingOrders());
            out.writeInt(s.levelsAfterWarmup());
            out.writeLong(s.rejects());
            CommandBinary.write(out, workload.warmup());
            CommandBinary.write(out, workload.measured());
        }
    }

    static MixedWorkload read(Path file, WorkloadConfig config) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a workload file: " + file.getFileName());
            }
            MixedWorkload.Stats stats = new MixedWorkload.Stats(in.readLong(), in.readLong(), in.readInt(),
                    in.readInt(), in.readInt(), in.readInt(), in.readLong());
            // one address instance per user across both lists, as the generator hands them over
            Map<String, String> addresses = new HashMap<>();
            List<Command> warmup = CommandBinary.read(in, addresses, file.getFileName().toString());
            List<Command> measured = CommandBinary.read(in, addresses, file.getFileName().toString());
            return new MixedWorkload(config, warmup, measured, stats);
        }
    }
}
