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
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSpec;
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
    private static final int VERSION = 3;

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
            writeRisk(out, m.spec().risk());
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
        writeLedger(out, image.ledger());
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
        if (version < 1 || version > VERSION) {
            throw new IOException("unsupported snapshot version " + version);
        }
        EngineCounters counters = new EngineCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        int marketCount = checkedCount(in.readInt());
        List<MarketState> markets = new ArrayList<>(marketCount);
        for (int i = 0; i < marketCount; i++) {
            MarketSpec spec = readSpec(in);
            if (version >= 3) {
                spec = spec.withRisk(readRisk(in));
            }
            markets.add(new MarketState(spec, in.readLong(), in.readLong(), version >= 2 ? in.readLong() : 0));
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
        LedgerImage ledger = version >= 3 ? readLedger(in) : LedgerImage.EMPTY;
        return new EngineImage(counters, markets, orders, positions, conditionals, ledger);
    }

    private static void writeRisk(DataOutputStream out, RiskSpec r) throws IOException {
        out.writeByte(r.margin().ordinal());
        out.writeInt(r.imrBps());
        out.writeInt(r.mmrBps());
        out.writeInt(r.maxLeverage());
        out.writeInt(r.defaultLeverage());
        out.writeInt(r.liquidationFeeBps());
        out.writeLong(r.maxFundingRate());
        out.writeLong(r.fundingIntervalSeconds());
    }

    private static RiskSpec readRisk(DataInputStream in) throws IOException {
        try {
            return new RiskSpec(enumAt(MarginMode.values(), in.readByte()), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt(), in.readLong(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt snapshot: " + e.getMessage(), e);
        }
    }

    private static void writeLedger(DataOutputStream out, LedgerImage ledger) throws IOException {
        out.writeLong(ledger.accountCounter());
        out.writeLong(ledger.netDeposits());
        out.writeInt(ledger.depositIds().size());
        for (String id : ledger.depositIds()) {
            out.writeUTF(id);
        }
        out.writeInt(ledger.accounts().size());
        for (LedgerImage.Account a : ledger.accounts()) {
            out.writeUTF(a.address());
            out.writeLong(a.number());
            out.writeLong(a.collateral());
            out.writeInt(a.markets().size());
            for (LedgerImage.Market m : a.markets()) {
                out.writeLong(m.marketId());
                out.writeInt(m.leverage());
                out.writeLong(m.size());
                out.writeLong(m.entryCost());
            }
        }
    }

    private static LedgerImage readLedger(DataInputStream in) throws IOException {
        long counter = in.readLong();
        long net = in.readLong();
        int idCount = checkedCount(in.readInt());
        List<String> ids = new ArrayList<>(Math.min(idCount, 1 << 16));
        for (int i = 0; i < idCount; i++) {
            ids.add(in.readUTF());
        }
        int accountCount = checkedCount(in.readInt());
        List<LedgerImage.Account> accounts = new ArrayList<>(Math.min(accountCount, 1 << 16));
        for (int i = 0; i < accountCount; i++) {
            String address = in.readUTF();
            long number = in.readLong();
            long collateral = in.readLong();
            int marketCount = checkedCount(in.readInt());
            List<LedgerImage.Market> markets = new ArrayList<>(Math.min(marketCount, 64));
            for (int j = 0; j < marketCount; j++) {
                markets.add(new LedgerImage.Market(in.readLong(), in.readInt(), in.readLong(), in.readLong()));
            }
            accounts.add(new LedgerImage.Account(address, number, collateral, markets));
        }
        return new LedgerImage(counter, net, ids, accounts);
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
