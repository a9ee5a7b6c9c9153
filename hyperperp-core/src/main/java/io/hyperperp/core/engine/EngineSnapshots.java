package io.hyperperp.core.engine;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads {@link EngineImage}s in a compact, versioned binary format. The same image
 * always gives the same bytes.
 */
public final class EngineSnapshots {

    private static final int MAGIC = 0x48505331; // "HPS1"
    private static final int VERSION = 2;

    private EngineSnapshots() {
    }

    /** Writes an image; the stream is flushed, not closed. */
    public static void write(EngineImage image, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        EngineCounters c = image.counters();
        out.writeLong(c.sequence());
        out.writeLong(c.orderCounter());
        out.writeLong(c.tradeCounter());
        out.writeLong(c.lastTimestamp());
        out.writeInt(image.markets().size());
        for (MarketState m : image.markets()) {
            writeSpec(out, m.spec());
            out.writeLong(m.lastTradePrice());
            out.writeLong(m.lastSequence());
            out.writeLong(m.markPrice());
        }
        out.writeInt(image.openOrders().size());
        for (OrderSnapshot o : image.openOrders()) {
            writeOrder(out, o);
        }
        out.writeInt(image.positions().size());
        for (Position p : image.positions()) {
            out.writeUTF(p.userAddress());
            out.writeLong(p.marketId());
            out.writeLong(p.size());
        }
        out.writeInt(image.conditionalOrders().size());
        for (ConditionalOrderSnapshot conditional : image.conditionalOrders()) {
            writeConditional(out, conditional);
        }
        out.flush();
    }

    /**
     * Reads an image written by {@link #write}.
     *
     * @throws IOException if the bytes are not a snapshot of a supported version
     */
    public static EngineImage read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a HyperPerp engine snapshot");
        }
        int version = in.readInt();
        if (version != 1 && version != VERSION) {
            throw new IOException("unsupported snapshot version " + version);
        }
        EngineCounters counters = new EngineCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        int marketCount = checkedCount(in.readInt());
        List<MarketState> markets = new ArrayList<>(marketCount);
        for (int i = 0; i < marketCount; i++) {
            markets.add(new MarketState(readSpec(in), in.readLong(), in.readLong(), version >= 2 ? in.readLong() : 0));
        }
        int orderCount = checkedCount(in.readInt());
        List<OrderSnapshot> orders = new ArrayList<>(Math.min(orderCount, 1 << 16));
        for (int i = 0; i < orderCount; i++) {
            orders.add(readOrder(in));
        }
        int positionCount = checkedCount(in.readInt());
        List<Position> positions = new ArrayList<>(Math.min(positionCount, 1 << 16));
        for (int i = 0; i < positionCount; i++) {
            positions.add(new Position(in.readUTF(), in.readLong(), in.readLong()));
        }
        List<ConditionalOrderSnapshot> conditionals = new ArrayList<>();
        if (version >= 2) {
            int conditionalCount = checkedCount(in.readInt());
            for (int i = 0; i < conditionalCount; i++) {
                conditionals.add(readConditional(in));
            }
        }
        return new EngineImage(counters, markets, orders, positions, conditionals);
    }

    private static void writeConditional(DataOutputStream out, ConditionalOrderSnapshot c) throws IOException {
        out.writeLong(c.orderId());
        out.writeUTF(c.userAddress());
        out.writeLong(c.marketId());
        out.writeByte(c.side().ordinal());
        out.writeByte(c.kind().ordinal());
        out.writeByte(c.orderType().ordinal());
        out.writeLong(c.triggerPrice());
        out.writeByte(c.triggerBy().ordinal());
        out.writeLong(c.price());
        out.writeLong(c.size());
        writeNullable(out, c.clientOrderId());
        out.writeBoolean(c.reduceOnly());
        out.writeByte(c.stp().ordinal());
        out.writeLong(c.expiresAt());
        writeNullable(out, c.ocoGroup());
        out.writeLong(c.createdAt());
        out.writeByte(c.status().ordinal());
    }

    private static ConditionalOrderSnapshot readConditional(DataInputStream in) throws IOException {
        return new ConditionalOrderSnapshot(in.readLong(), in.readUTF(), in.readLong(),
                enumAt(Side.values(), in.readByte()), enumAt(TriggerKind.values(), in.readByte()),
                enumAt(OrderType.values(), in.readByte()), in.readLong(),
                enumAt(TriggerReference.values(), in.readByte()), in.readLong(), in.readLong(), readNullable(in),
                in.readBoolean(), enumAt(StpMode.values(), in.readByte()), in.readLong(), readNullable(in),
                in.readLong(), enumAt(OrderStatus.values(), in.readByte()));
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

    private static int checkedCount(int count) throws IOException {
        if (count < 0) {
            throw new IOException("corrupt snapshot: negative count");
        }
        return count;
    }

    private static void writeSpec(DataOutputStream out, MarketSpec s) throws IOException {
        out.writeLong(s.marketId());
        out.writeUTF(s.symbol());
        out.writeInt(s.priceDecimals());
        out.writeInt(s.sizeDecimals());
        out.writeLong(s.tickSize());
        out.writeLong(s.lotSize());
        out.writeLong(s.minSize());
        out.writeLong(s.maxSize());
        out.writeInt(s.priceBandBps());
        out.writeInt(s.makerFeeBps());
        out.writeInt(s.takerFeeBps());
        out.writeInt(s.maxSlippageBps());
        out.writeByte(s.defaultStp().ordinal());
    }

    private static MarketSpec readSpec(DataInputStream in) throws IOException {
        return new MarketSpec(in.readLong(), in.readUTF(), in.readInt(), in.readInt(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                enumAt(StpMode.values(), in.readByte()));
    }

    private static void writeOrder(DataOutputStream out, OrderSnapshot o) throws IOException {
        out.writeLong(o.orderId());
        out.writeUTF(o.userAddress());
        out.writeLong(o.marketId());
        out.writeByte(o.side().ordinal());
        out.writeByte(o.orderType().ordinal());
        out.writeByte(o.timeInForce().ordinal());
        out.writeLong(o.price());
        out.writeLong(o.size());
        out.writeLong(o.filledSize());
        out.writeBoolean(o.clientOrderId() != null);
        if (o.clientOrderId() != null) {
            out.writeUTF(o.clientOrderId());
        }
        out.writeBoolean(o.reduceOnly());
        out.writeByte(o.stp().ordinal());
        out.writeLong(o.expiresAt());
        out.writeLong(o.prioritySequence());
        out.writeLong(o.createdAt());
        out.writeByte(o.status().ordinal());
    }

    private static OrderSnapshot readOrder(DataInputStream in) throws IOException {
        long orderId = in.readLong();
        String user = in.readUTF();
        long market = in.readLong();
        Side side = enumAt(Side.values(), in.readByte());
        OrderType type = enumAt(OrderType.values(), in.readByte());
        TimeInForce tif = enumAt(TimeInForce.values(), in.readByte());
        long price = in.readLong();
        long size = in.readLong();
        long filled = in.readLong();
        String clientOrderId = in.readBoolean() ? in.readUTF() : null;
        boolean reduceOnly = in.readBoolean();
        StpMode stp = enumAt(StpMode.values(), in.readByte());
        long expiresAt = in.readLong();
        long priority = in.readLong();
        long createdAt = in.readLong();
        OrderStatus status = enumAt(OrderStatus.values(), in.readByte());
        return new OrderSnapshot(orderId, user, market, side, type, tif, price, size, filled, size - filled,
                clientOrderId, reduceOnly, stp, expiresAt, priority, createdAt, status);
    }

    private static <E> E enumAt(E[] values, int ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IOException("corrupt snapshot: bad enum ordinal " + ordinal);
        }
        return values[ordinal];
    }
}
