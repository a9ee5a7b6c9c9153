package io.hyperperp.bench;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    private static final byte PLACE = 1;
    private static final byte CANCEL = 2;
    private static final byte AMEND = 3;

    private WorkloadFile() {
    }

    /** Generates {@code config}'s workload in a child JVM (this one's java and class path) and reads it. */
    static MixedWorkload generateApart(WorkloadConfig config) {
        Path file = null;
        try {
            file = Files.createTempFile("hyperperp-workload", ".bin");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-cp", System.getProperty("java.class.path"), WorkloadFile.class.getName(),
                    file.toString()));
            command.addAll(arguments(config));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
            writeCommands(out, workload.warmup());
            writeCommands(out, workload.measured());
        }
    }

    static MixedWorkload read(Path file, WorkloadConfig config) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a workload file: " + file.getFileName());
            }
            MixedWorkload.Stats stats = new MixedWorkload.Stats(in.readLong(), in.readLong(), in.readInt(),
                    in.readInt(), in.readInt(), in.readInt(), in.readLong());
            List<Command> warmup = readCommands(in);
            List<Command> measured = readCommands(in);
            return new MixedWorkload(config, warmup, measured, stats);
        }
    }

    private static void writeCommands(DataOutputStream out, List<Command> commands) throws IOException {
        out.writeInt(commands.size());
        for (Command command : commands) {
            switch (command) {
                case PlaceOrder p -> {
                    out.writeByte(PLACE);
                    out.writeLong(p.timestamp());
                    out.writeUTF(p.userAddress());
                    out.writeLong(p.marketId());
                    out.writeByte(p.side().ordinal());
                    out.writeByte(p.orderType().ordinal());
                    out.writeByte(p.timeInForce().ordinal());
                    out.writeLong(p.price());
                    out.writeLong(p.size());
                    writeNullable(out, p.clientOrderId());
                    out.writeBoolean(p.reduceOnly());
                    out.writeByte(p.stp() == null ? -1 : p.stp().ordinal());
                    out.writeLong(p.expiresAt());
                }
                case CancelOrder c -> {
                    out.writeByte(CANCEL);
                    out.writeLong(c.timestamp());
                    out.writeUTF(c.userAddress());
                    out.writeLong(c.marketId());
                    out.writeLong(c.orderId());
                    writeNullable(out, c.clientOrderId());
                }
                case AmendOrder a -> {
                    out.writeByte(AMEND);
                    out.writeLong(a.timestamp());
                    out.writeUTF(a.userAddress());
                    out.writeLong(a.marketId());
                    out.writeLong(a.orderId());
                    writeNullable(out, a.clientOrderId());
                    out.writeLong(a.newPrice());
                    out.writeLong(a.newSize());
                }
                default -> throw new IllegalArgumentException("not a mixed-workload command: " + command.op());
            }
        }
    }

    private static List<Command> readCommands(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Command> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte kind = in.readByte();
            commands.add(switch (kind) {
                case PLACE -> new PlaceOrder(in.readLong(), in.readUTF(), in.readLong(),
                        Side.values()[in.readByte()], OrderType.values()[in.readByte()],
                        TimeInForce.values()[in.readByte()], in.readLong(), in.readLong(), readNullable(in),
                        in.readBoolean(), stp(in.readByte()), in.readLong());
                case CANCEL -> new CancelOrder(in.readLong(), in.readUTF(), in.readLong(), in.readLong(),
                        readNullable(in));
                case AMEND -> new AmendOrder(in.readLong(), in.readUTF(), in.readLong(), in.readLong(),
                        readNullable(in), in.readLong(), in.readLong());
                default -> throw new IOException("unknown command kind " + kind + " in a workload file");
            });
        }
        return commands;
    }

    private static StpMode stp(byte ordinal) {
        return ordinal < 0 ? null : StpMode.values()[ordinal];
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
