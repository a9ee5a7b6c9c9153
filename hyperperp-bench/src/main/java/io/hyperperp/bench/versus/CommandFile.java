package io.hyperperp.bench.versus;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a command file (JSON lines, gzipped or not) into commands, for the benchmark mains that run
 * without the CLI: the parser is the server module's, which this module does not depend on, so it is
 * looked up on the class path (the CLI's jar has it).
 *
 * <p>A file ending in {@code .bin} is the same commands in a binary form of their fields
 * ({@link #writeBinary}: places, cancels and amends only), read without a parser: a process that is
 * started many times (once per counter run) or runs under a simulator (which runs a JVM 50-500 times
 * slower) loads it in seconds instead of parsing JSON.
 */
final class CommandFile {

    private CommandFile() {
    }

    /** Every command of {@code file}, parsed against {@code registry}. */
    static List<Command> read(String file, MarketRegistry registry) throws Exception {
        if (file.endsWith(".bin")) {
            return readBinary(Path.of(file));
        }
        Class<?> parserClass = Class.forName("io.hyperperp.server.json.CommandJson", true,
                CommandFile.class.getClassLoader());
        Object parser = parserClass.getConstructor(MarketRegistry.class).newInstance(registry);
        Method parse = parserClass.getMethod("parse", String.class);
        List<Command> commands = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                file.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(Path.of(file)), 1 << 16)
                        : Files.newInputStream(Path.of(file))))) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    Object parsed = parse.invoke(parser, line);
                    if (!parsed.getClass().getSimpleName().equals("ParsedCommand")) {
                        throw new IllegalArgumentException(file + " line " + lineNumber + ": " + parsed);
                    }
                    commands.add((Command) parsed.getClass().getMethod("command").invoke(parsed));
                }
            }
        }
        return commands;
    }

    private static final int PLACE = 1;
    private static final int CANCEL = 2;
    private static final int AMEND = 3;

    /** Writes places, cancels and amends field by field (strings may be null). */
    static void writeBinary(List<Command> commands, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(commands.size());
            for (Command command : commands) {
                switch (command) {
                    case PlaceOrder p -> {
                        out.writeByte(PLACE);
                        writeCommon(out, p.timestamp(), p.userAddress(), p.marketId(), p.clientOrderId());
                        out.writeByte(p.side().ordinal());
                        out.writeByte(p.orderType().ordinal());
                        out.writeByte(p.timeInForce().ordinal());
                        out.writeLong(p.price());
                        out.writeLong(p.size());
                        out.writeBoolean(p.reduceOnly());
                        out.writeByte(p.stp() == null ? -1 : p.stp().ordinal());
                        out.writeLong(p.expiresAt());
                    }
                    case CancelOrder c -> {
                        out.writeByte(CANCEL);
                        writeCommon(out, c.timestamp(), c.userAddress(), c.marketId(), c.clientOrderId());
                        out.writeLong(c.orderId());
                    }
                    case AmendOrder a -> {
                        out.writeByte(AMEND);
                        writeCommon(out, a.timestamp(), a.userAddress(), a.marketId(), a.clientOrderId());
                        out.writeLong(a.orderId());
                        out.writeLong(a.newPrice());
                        out.writeLong(a.newSize());
                    }
                    default -> throw new IllegalArgumentException(command.op() + " has no binary form here");
                }
            }
        }
    }

    private static void writeCommon(DataOutputStream out, long timestamp, String user, long marketId, String clientId)
            throws IOException {
        out.writeLong(timestamp);
        out.writeUTF(user);
        out.writeLong(marketId);
        out.writeBoolean(clientId != null);
        if (clientId != null) {
            out.writeUTF(clientId);
        }
    }

    private static List<Command> readBinary(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int count = in.readInt();
            List<Command> commands = new ArrayList<>(count);
            // one instance per distinct address, as a parser's intake would see them
            java.util.Map<String, String> addresses = new java.util.HashMap<>();
            for (int i = 0; i < count; i++) {
                int kind = in.readByte();
                long timestamp = in.readLong();
                String user = addresses.computeIfAbsent(in.readUTF(), a -> a);
                long marketId = in.readLong();
                String clientId = in.readBoolean() ? in.readUTF() : null;
                commands.add(switch (kind) {
                    case PLACE -> {
                        Side side = Side.values()[in.readByte()];
                        OrderType type = OrderType.values()[in.readByte()];
                        TimeInForce timeInForce = TimeInForce.values()[in.readByte()];
                        long price = in.readLong();
                        long size = in.readLong();
                        boolean reduceOnly = in.readBoolean();
                        int stp = in.readByte();
                        yield new PlaceOrder(timestamp, user, marketId, side, type, timeInForce, price, size, clientId,
                                reduceOnly, stp < 0 ? null : StpMode.values()[stp], in.readLong());
                    }
                    case CANCEL -> new CancelOrder(timestamp, user, marketId, in.readLong(), clientId);
                    case AMEND -> new AmendOrder(timestamp, user, marketId, in.readLong(), clientId, in.readLong(),
                            in.readLong());
                    default -> throw new IOException(file + ": command " + (i + 1) + " has unknown kind " + kind);
                });
            }
            return commands;
        }
    }
}
