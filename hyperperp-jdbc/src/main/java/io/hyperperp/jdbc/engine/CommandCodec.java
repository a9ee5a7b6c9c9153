package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command log's packed form ({@code command_groups.packed}, V15): a group's commands one after the other, each
 * as an entry: the sequence of its first event ({@link #NO_SEQUENCE} when it had none) and how many sequences its
 * events spanned after that, then the command. A command is one tag byte, then each field as a zig-zag variable-length integer
 * (1-10 bytes), a string as its UTF-8 length + 1 and bytes (0 for null), an enumeration as its tag in the
 * {@code *_CODES} arrays below (stable: never reordered, only appended to). About a third of the command's JSON, and
 * no text to build or parse.
 */
final class CommandCodec {

    private static final int PLACE = 1;
    private static final int CANCEL = 2;
    private static final int CANCEL_ALL = 3;
    private static final int AMEND = 4;
    private static final int PLACE_CONDITIONAL = 5;
    private static final int AMEND_CONDITIONAL = 6;
    private static final int MARK_PRICE = 7;
    private static final int DEPOSIT = 8;
    private static final int WITHDRAW = 9;
    private static final int SET_LEVERAGE = 10;
    private static final int APPLY_FUNDING = 11;
    private static final int ADVANCE_TIME = 12;

    // The stored codes of each enumeration, by position; the enums' own ordinals may change, these may not.
    private static final Side[] SIDE_CODES = {Side.BUY, Side.SELL};
    private static final OrderType[] TYPE_CODES = {OrderType.LIMIT, OrderType.MARKET};
    private static final TimeInForce[] TIF_CODES = {TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK,
            TimeInForce.POST_ONLY};
    private static final StpMode[] STP_CODES = {StpMode.NONE, StpMode.CANCEL_TAKER, StpMode.CANCEL_MAKER,
            StpMode.CANCEL_BOTH};
    private static final TriggerKind[] KIND_CODES = {TriggerKind.STOP, TriggerKind.TAKE_PROFIT};
    private static final TriggerReference[] TRIGGER_CODES = {TriggerReference.LAST, TriggerReference.MARK};

    /** The first sequence of a command without events (it is null in the {@code command_log} view). */
    static final long NO_SEQUENCE = -1;

    private CommandCodec() {
    }

    /** Appends a command with the sequences of its first and last events (both {@link #NO_SEQUENCE} if none). */
    static void writeEntry(Writer out, long firstSequence, long lastSequence, Command command) {
        out.varlong(firstSequence);
        out.varlong(firstSequence == NO_SEQUENCE ? 0 : lastSequence - firstSequence);
        write(out, command);
    }

    /** @return the commands of a packed group, in order */
    static List<Command> readGroup(byte[] packed) {
        Reader in = new Reader(packed);
        List<Command> commands = new ArrayList<>();
        while (in.hasMore()) {
            in.varlong(); // the sequences: for audit queries (the view), not for replay
            in.varlong();
            commands.add(read(in));
        }
        return commands;
    }

    /** A growable byte buffer written field by field. */
    static final class Writer {
        private byte[] bytes;
        private int length;

        Writer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        /** @return the bytes written so far (a copy) */
        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        int length() {
            return length;
        }

        void reset() {
            length = 0;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void rawByte(int value) {
            ensure(1);
            bytes[length++] = (byte) value;
        }

        /** A signed value, zig-zag encoded so small negatives stay short. */
        void varlong(long value) {
            long v = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        void string(String value) {
            if (value == null) {
                varlong(0);
                return;
            }
            // NUL becomes U+FFFD, as in every other stored form of a command (JSON, the tables' text columns):
            // replay must give what the tables hold, and PostgreSQL's text refuses NUL.
            byte[] utf8 = value.replace('\u0000', '\uFFFD').getBytes(StandardCharsets.UTF_8);
            varlong(utf8.length + 1L);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        void bool(boolean value) {
            rawByte(value ? 1 : 0);
        }
    }

    /** Reads what a {@link Writer} wrote; a malformed input is an {@link IllegalArgumentException}. */
    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        int rawByte() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("packed command log ends inside a command");
            }
            return bytes[position++] & 0xFF;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = rawByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (v >>> 1) ^ -(v & 1);
                }
            }
            throw new IllegalArgumentException("packed command log: a number longer than 10 bytes");
        }

        String string() {
            long n = varlong();
            if (n == 0) {
                return null;
            }
            if (n < 0 || n - 1 > bytes.length - position) {
                throw new IllegalArgumentException("packed command log: a string of " + (n - 1) + " bytes past its end");
            }
            String s = new String(bytes, position, (int) (n - 1), StandardCharsets.UTF_8);
            position += (int) (n - 1);
            return s;
        }

        boolean bool() {
            return rawByte() != 0;
        }

        int integer() {
            return Math.toIntExact(varlong());
        }
    }

    private static <E> int code(E[] codes, E value) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no stored code for " + value);
    }

    private static <E> E decode(E[] codes, int code) {
        if (code < 0 || code >= codes.length) {
            throw new IllegalArgumentException("packed command log: code " + code + " is not a "
                    + codes.getClass().getComponentType().getSimpleName());
        }
        return codes[code];
    }

    private static void stp(Writer out, StpMode stp) {
        out.rawByte(stp == null ? 0 : code(STP_CODES, stp) + 1);
    }

    private static StpMode stp(Reader in) {
        int c = in.rawByte();
        return c == 0 ? null : decode(STP_CODES, c - 1);
    }

    /** Appends {@code command} to {@code out}. */
    static void write(Writer out, Command command) {
        switch (command) {
            case PlaceOrder p -> {
                head(out, PLACE, p);
                out.varlong(p.marketId());
                out.rawByte(code(SIDE_CODES, p.side()));
                out.rawByte(code(TYPE_CODES, p.orderType()));
                out.rawByte(code(TIF_CODES, p.timeInForce()));
                out.varlong(p.price());
                out.varlong(p.size());
                out.string(p.clientOrderId());
                out.bool(p.reduceOnly());
                stp(out, p.stp());
                out.varlong(p.expiresAt());
            }
            case CancelOrder c -> {
                head(out, CANCEL, c);
                out.varlong(c.marketId());
                out.varlong(c.orderId());
                out.string(c.clientOrderId());
            }
            case CancelAll a -> {
                head(out, CANCEL_ALL, a);
                out.varlong(a.marketId());
            }
            case AmendOrder a -> {
                head(out, AMEND, a);
                out.varlong(a.marketId());
                out.varlong(a.orderId());
                out.string(a.clientOrderId());
                out.varlong(a.newPrice());
                out.varlong(a.newSize());
            }
            case PlaceConditionalOrder p -> {
                head(out, PLACE_CONDITIONAL, p);
                out.varlong(p.marketId());
                out.rawByte(code(SIDE_CODES, p.side()));
                out.rawByte(code(KIND_CODES, p.kind()));
                out.rawByte(code(TYPE_CODES, p.orderType()));
                out.varlong(p.triggerPrice());
                out.rawByte(code(TRIGGER_CODES, p.triggerBy()));
                out.varlong(p.price());
                out.varlong(p.size());
                out.string(p.clientOrderId());
                out.bool(p.reduceOnly());
                stp(out, p.stp());
                out.varlong(p.expiresAt());
                out.string(p.ocoGroup());
            }
            case AmendConditionalOrder a -> {
                head(out, AMEND_CONDITIONAL, a);
                out.varlong(a.marketId());
                out.varlong(a.orderId());
                out.string(a.clientOrderId());
                out.varlong(a.newTriggerPrice());
                out.varlong(a.newPrice());
                out.varlong(a.newSize());
            }
            case UpdateMarkPrice m -> {
                head(out, MARK_PRICE, m);
                out.varlong(m.marketId());
                out.varlong(m.markPrice());
                out.varlong(m.indexPrice());
            }
            case Deposit d -> {
                head(out, DEPOSIT, d);
                out.varlong(d.amount());
                out.string(d.depositId());
            }
            case Withdraw w -> {
                head(out, WITHDRAW, w);
                out.varlong(w.amount());
            }
            case SetLeverage l -> {
                head(out, SET_LEVERAGE, l);
                out.varlong(l.marketId());
                out.varlong(l.leverage());
            }
            case ApplyFunding f -> {
                head(out, APPLY_FUNDING, f);
                out.varlong(f.marketId());
                out.varlong(f.rate());
            }
            case AdvanceTime t -> {
                out.rawByte(ADVANCE_TIME);
                out.varlong(t.timestamp());
            }
        }
    }

    private static void head(Writer out, int tag, Command command) {
        out.rawByte(tag);
        out.varlong(command.timestamp());
        out.string(command.userAddress());
    }

    /** Reads the next command from {@code in}. */
    static Command read(Reader in) {
        int tag = in.rawByte();
        long ts = in.varlong();
        if (tag == ADVANCE_TIME) {
            return new AdvanceTime(ts);
        }
        String user = in.string();
        return switch (tag) {
            case PLACE -> new PlaceOrder(ts, user, in.varlong(), decode(SIDE_CODES, in.rawByte()),
                    decode(TYPE_CODES, in.rawByte()), decode(TIF_CODES, in.rawByte()), in.varlong(), in.varlong(),
                    in.string(), in.bool(), stp(in), in.varlong());
            case CANCEL -> new CancelOrder(ts, user, in.varlong(), in.varlong(), in.string());
            case CANCEL_ALL -> new CancelAll(ts, user, in.varlong());
            case AMEND -> new AmendOrder(ts, user, in.varlong(), in.varlong(), in.string(), in.varlong(),
                    in.varlong());
            case PLACE_CONDITIONAL -> new PlaceConditionalOrder(ts, user, in.varlong(),
                    decode(SIDE_CODES, in.rawByte()), decode(KIND_CODES, in.rawByte()),
                    decode(TYPE_CODES, in.rawByte()), in.varlong(), decode(TRIGGER_CODES, in.rawByte()),
                    in.varlong(), in.varlong(), in.string(), in.bool(), stp(in), in.varlong(), in.string());
            case AMEND_CONDITIONAL -> new AmendConditionalOrder(ts, user, in.varlong(), in.varlong(), in.string(),
                    in.varlong(), in.varlong(), in.varlong());
            case MARK_PRICE -> new UpdateMarkPrice(ts, user, in.varlong(), in.varlong(), in.varlong());
            case DEPOSIT -> new Deposit(ts, user, in.varlong(), in.string());
            case WITHDRAW -> new Withdraw(ts, user, in.varlong());
            case SET_LEVERAGE -> new SetLeverage(ts, user, in.varlong(), in.integer());
            case APPLY_FUNDING -> new ApplyFunding(ts, user, in.varlong(), in.varlong());
            default -> throw new IllegalArgumentException("packed command log: unknown command tag " + tag);
        };
    }
}
