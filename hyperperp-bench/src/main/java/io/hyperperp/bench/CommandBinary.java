package io.hyperperp.bench;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places, cancels and amends field by field (strings may be null): a list of commands that a benchmark
 * process loads in a fraction of a second, without a JSON parser and without running an engine.
 */
public final class CommandBinary {

    private static final int PLACE = 1;
    private static final int CANCEL = 2;
    private static final int AMEND = 3;

    private CommandBinary() {
    }

    /** Writes the count, then each command; anything but a place, cancel or amend is refused. */
    public static void write(DataOutputStream out, List<Command> commands) throws IOException {
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

    /**
     * Reads what {@link #write} wrote. Addresses are shared through {@code addresses} (one instance per
     * distinct address, as a parser's intake or a generator would hand them over); {@code source} names
     * the input in an error.
     */
    public static List<Command> read(DataInputStream in, Map<String, String> addresses, String source)
            throws IOException {
        int count = in.readInt();
        List<Command> commands = new ArrayList<>(count);
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
                default -> throw new IOException(source + ": command " + (i + 1) + " has unknown kind " + kind);
            });
        }
        return commands;
    }

    /** {@link #read} with addresses shared within this one list. */
    public static List<Command> read(DataInputStream in, String source) throws IOException {
        return read(in, new HashMap<>(), source);
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
}
