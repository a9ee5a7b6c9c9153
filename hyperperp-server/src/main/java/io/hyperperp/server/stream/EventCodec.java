package io.hyperperp.server.stream;

import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stream ring's binary form of the engine events that every order makes (level changes, accepted, filled,
 * cancelled and amended orders, fills, mark prices): their fields as fixed-width numbers and enum ordinals, the
 * user address and client order id as Latin-1 (or UTF-16 when a character needs it). Why: the ring keeps the latest
 * {@code stream.ring_size} events for {@code Last-Event-ID} resume; kept as objects, every event of every order
 * outlived the next young collection and was copied by it (more than half of what each pause copied, measured in
 * docs/benchmarks.md, "Session 10: p99 at 70%"), while bytes in an array the collector never scans cost a pause
 * nothing. Encoding is a few dozen stores per event on the stream hub's thread; decoding happens only on resume.
 *
 * <p>The other events (rejections, conditional orders, account events) are rare and have deep object graphs; the
 * ring keeps them as objects ({@link #encodes}). Not thread-safe: one instance per ring, used under its lock.
 */
final class EventCodec {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIME_IN_FORCES = TimeInForce.values();
    private static final StpMode[] STP_MODES = StpMode.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();

    private static final byte LEVEL_CHANGED = 1;
    private static final byte ORDER_ACCEPTED = 2;
    private static final byte FILL = 3;
    private static final byte ORDER_FILLED = 4;
    private static final byte ORDER_CANCELLED = 5;
    private static final byte ORDER_AMENDED = 6;
    private static final byte MARK_PRICE = 7;

    /** A string of this length marks a null. */
    private static final int NULL_STRING = -1;
    /** Set in a string's length when its characters are written as UTF-16 (two bytes each). */
    private static final int WIDE = 1 << 30;

    private byte[] buffer = new byte[512];
    private int length;

    /** True if {@code event} has a binary form here (else the ring keeps the object). */
    static boolean encodes(EngineEvent event) {
        return event instanceof EngineEvent.LevelChanged || event instanceof EngineEvent.OrderAccepted
                || event instanceof EngineEvent.Fill || event instanceof EngineEvent.OrderFilled
                || event instanceof EngineEvent.OrderCancelled || event instanceof EngineEvent.OrderAmended
                || event instanceof EngineEvent.MarkPriceUpdated;
    }

    /** Encodes {@code event} (one that {@link #encodes}) into {@link #buffer()}; returns its length. */
    int encode(EngineEvent event) {
        length = 0;
        if (event instanceof EngineEvent.LevelChanged l) {
            header(LEVEL_CHANGED, l);
            putLong(l.marketId());
            putByte(l.side().ordinal());
            putLong(l.price());
            putLong(l.totalSize());
            putInt(l.orderCount());
        } else if (event instanceof EngineEvent.OrderAccepted a) {
            header(ORDER_ACCEPTED, a);
            putOrder(a.order());
        } else if (event instanceof EngineEvent.Fill f) {
            header(FILL, f);
            putLong(f.tradeId());
            putLong(f.marketId());
            putOrder(f.taker());
            putOrder(f.maker());
            putLong(f.price());
            putLong(f.size());
            putLong(f.takerFee());
            putLong(f.makerFee());
            putByte(f.liquidation() ? 1 : 0);
        } else if (event instanceof EngineEvent.OrderFilled f) {
            header(ORDER_FILLED, f);
            putOrder(f.order());
        } else if (event instanceof EngineEvent.OrderCancelled c) {
            header(ORDER_CANCELLED, c);
            putOrder(c.order());
            putByte(c.reason().ordinal());
        } else if (event instanceof EngineEvent.OrderAmended m) {
            header(ORDER_AMENDED, m);
            putOrder(m.order());
            putLong(m.previousPrice());
            putLong(m.previousOpenSize());
        } else if (event instanceof EngineEvent.MarkPriceUpdated p) {
            header(MARK_PRICE, p);
            putLong(p.marketId());
            putLong(p.markPrice());
        } else {
            throw new IllegalArgumentException("no binary form for " + event.getClass().getSimpleName());
        }
        return length;
    }

    /** The bytes of the last {@link #encode}. */
    byte[] buffer() {
        return buffer;
    }

    /** The event encoded at {@code bytes[offset..]}. */
    static EngineEvent decode(byte[] bytes, int offset) {
        Reader r = new Reader(bytes, offset);
        byte kind = r.getByte();
        long sequence = r.getLong();
        long timestamp = r.getLong();
        return switch (kind) {
            case LEVEL_CHANGED -> new EngineEvent.LevelChanged(sequence, timestamp, r.getLong(), SIDES[r.getByte()],
                    r.getLong(), r.getLong(), r.getInt());
            case ORDER_ACCEPTED -> new EngineEvent.OrderAccepted(sequence, timestamp, r.getOrder());
            case FILL -> new EngineEvent.Fill(sequence, timestamp, r.getLong(), r.getLong(), r.getOrder(),
                    r.getOrder(), r.getLong(), r.getLong(), r.getLong(), r.getLong(), r.getByte() != 0);
            case ORDER_FILLED -> new EngineEvent.OrderFilled(sequence, timestamp, r.getOrder());
            case ORDER_CANCELLED -> new EngineEvent.OrderCancelled(sequence, timestamp, r.getOrder(),
                    CANCEL_REASONS[r.getByte()]);
            case ORDER_AMENDED -> new EngineEvent.OrderAmended(sequence, timestamp, r.getOrder(), r.getLong(),
                    r.getLong());
            case MARK_PRICE -> new EngineEvent.MarkPriceUpdated(sequence, timestamp, r.getLong(), r.getLong());
            default -> throw new IllegalStateException("unknown event kind " + kind + " in the stream ring");
        };
    }

    private void header(byte kind, EngineEvent event) {
        putByte(kind);
        putLong(event.sequence());
        putLong(event.timestamp());
    }

    private void putOrder(OrderSnapshot o) {
        putLong(o.orderId());
        putString(o.userAddress());
        putLong(o.marketId());
        putByte(o.side().ordinal());
        putByte(o.orderType().ordinal());
        putByte(o.timeInForce().ordinal());
        putLong(o.price());
        putLong(o.size());
        putLong(o.filledSize());
        putLong(o.openSize());
        putString(o.clientOrderId());
        putByte(o.reduceOnly() ? 1 : 0);
        putByte(o.stp().ordinal());
        putLong(o.expiresAt());
        putLong(o.prioritySequence());
        putLong(o.createdAt());
        putByte(o.status().ordinal());
    }

    private void putString(String s) {
        if (s == null) {
            putInt(NULL_STRING);
            return;
        }
        int n = s.length();
        boolean wide = false;
        for (int i = 0; i < n && !wide; i++) {
            wide = s.charAt(i) > 0xFF;
        }
        putInt(wide ? n | WIDE : n);
        room(wide ? 2 * n : n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (wide) {
                buffer[length++] = (byte) c;
                buffer[length++] = (byte) (c >>> 8);
            } else {
                buffer[length++] = (byte) c;
            }
        }
    }

    private void putLong(long v) {
        room(Long.BYTES);
        LONGS.set(buffer, length, v);
        length += Long.BYTES;
    }

    private void putInt(int v) {
        room(Integer.BYTES);
        INTS.set(buffer, length, v);
        length += Integer.BYTES;
    }

    private void putByte(int v) {
        room(1);
        buffer[length++] = (byte) v;
    }

    private void room(int bytes) {
        if (length + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + bytes));
        }
    }

    /** Reads the fields back in the order they were written. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes, int offset) {
            this.bytes = bytes;
            this.at = offset;
        }

        byte getByte() {
            return bytes[at++];
        }

        long getLong() {
            long v = (long) LONGS.get(bytes, at);
            at += Long.BYTES;
            return v;
        }

        int getInt() {
            int v = (int) INTS.get(bytes, at);
            at += Integer.BYTES;
            return v;
        }

        String getString() {
            int n = getInt();
            if (n == NULL_STRING) {
                return null;
            }
            if ((n & WIDE) == 0) {
                String s = new String(bytes, at, n, StandardCharsets.ISO_8859_1);
                at += n;
                return s;
            }
            n &= ~WIDE;
            String s = new String(bytes, at, 2 * n, StandardCharsets.UTF_16LE);
            at += 2 * n;
            return s;
        }

        OrderSnapshot getOrder() {
            return new OrderSnapshot(getLong(), getString(), getLong(), SIDES[getByte()], ORDER_TYPES[getByte()],
                    TIME_IN_FORCES[getByte()], getLong(), getLong(), getLong(), getLong(), getString(),
                    getByte() != 0, STP_MODES[getByte()], getLong(), getLong(), getLong(), STATUSES[getByte()]);
        }
    }
}
