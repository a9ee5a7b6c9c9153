package io.hyperperp.core.command;

import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * A command as the engine thread reads it: one small object of primitives, its user already
 * numbered and its client order id already packed by {@link CommandIntake}, so that processing it
 * reads this object and the engine's own state, never the command's strings.
 *
 * <p>Places, cancels and amends (nearly every command) are held field by field; every other
 * command type is carried as its record ({@link #kind()} {@link #OTHER}). A reusable slot: the
 * intake or {@link CommandStream#read} overwrites it; the engine reads it while processing and
 * keeps nothing of it. {@link #command()} gives back the record (the same one when the slot was
 * made from a record, else an equal one), which is what rejection events carry.
 *
 * <p>The fields only a place has (side, order type, time in force, self-trade prevention,
 * reduce-only, expiry, and whether the client id is well formed and the address empty) are
 * meaningful for a {@link #PLACE} only: {@link CommandStream#read} leaves them as they were when it
 * reads a cancel or amend into a reused slot, so that those commands cost no decoding of fields
 * they do not have.
 */
public final class FlatCommand {

    /** A command held as its record. */
    public static final byte OTHER = 0;
    /** A {@link PlaceOrder}. */
    public static final byte PLACE = 1;
    /** A {@link CancelOrder}. */
    public static final byte CANCEL = 2;
    /** An {@link AmendOrder}. */
    public static final byte AMEND = 3;
    /** The user number of a command made without an intake's numbering. */
    public static final int NO_USER_NUMBER = -1;

    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIMES_IN_FORCE = TimeInForce.values();
    private static final StpMode[] STP_MODES = StpMode.values();

    byte kind;
    long timestamp;
    int userNumber;
    String userAddress;
    long marketId;
    long orderId;
    long price;
    long size;
    long expiresAt;
    String clientOrderId;
    long clientHigh;
    long clientLow;
    int clientHash;
    byte side;
    byte orderType;
    byte timeInForce;
    /** {@link StpMode} ordinal + 1; 0 for none given (the market's default). */
    byte stp;
    boolean reduceOnly;
    /** The client order id is absent or well formed ({@link ClientOrderIds}), decided at intake. */
    boolean clientOrderIdWellFormed;
    /** The user address is the empty string, decided at intake. */
    boolean userAddressEmpty;
    /** The record this slot was made from, or null when it came from a {@link CommandStream}. */
    Command source;
    /** The stream this slot was last read from (it holds the strings), or null when set from a record. */
    CommandStream stream;
    /** The intake that numbered the user, or null when no intake did. */
    CommandIntake numberedBy;
    /** The command's index in {@link #stream}. */
    int index;
    /** Scratch for packing client ids, created on first use. */
    private PackedKey packer;

    /** An empty slot, for {@link CommandIntake#flatten(Command, FlatCommand)} or {@link CommandStream#read}. */
    public FlatCommand() {
    }

    /**
     * A slot holding {@code command} without an intake's user number (the engine then finds the
     * user by address): for commands the engine makes itself, and for callers without an intake.
     */
    public static FlatCommand of(Command command) {
        FlatCommand slot = new FlatCommand();
        slot.set(command, NO_USER_NUMBER, command.userAddress(), null);
        return slot;
    }

    /** {@link #PLACE}, {@link #CANCEL}, {@link #AMEND} or {@link #OTHER}. */
    public byte kind() {
        return kind;
    }

    /** Issue time in microseconds. */
    public long timestamp() {
        return timestamp;
    }

    /** The intake's number for the user (a lookup key, never an output), or {@link #NO_USER_NUMBER}. */
    public int userNumber() {
        return userNumber;
    }

    /**
     * The intake that gave {@link #userNumber()}, or null. An intake never gives one number to two
     * addresses, so (intake, number) names the user without reading the address.
     */
    public CommandIntake numberedBy() {
        return numberedBy;
    }

    /** The user's address; the intake's own instance for each address. */
    public String userAddress() {
        return stream == null ? userAddress : stream.addressAt(index);
    }

    /** The market id (or {@link CancelOrder#ANY_MARKET} for a cancel or amend). */
    public long marketId() {
        return marketId;
    }

    /** Cancel and amend: the order number, or {@link CancelOrder#NO_ORDER_ID}. */
    public long orderId() {
        return orderId;
    }

    /** Place: the limit price; amend: the new price or {@link AmendOrder#UNCHANGED}. */
    public long price() {
        return price;
    }

    /** Place: the size; amend: the new open size or {@link AmendOrder#UNCHANGED}. */
    public long size() {
        return size;
    }

    /** Place: good-til-time, or {@link PlaceOrder#NO_EXPIRY}. */
    public long expiresAt() {
        return expiresAt;
    }

    /** The client order id, or null. */
    public String clientOrderId() {
        return stream == null ? clientOrderId : stream.clientOrderIdAt(index);
    }

    /** The client order id's packed high word ({@link PackedKey}). */
    public long clientHigh() {
        return clientHigh;
    }

    /** The client order id's packed low word. */
    public long clientLow() {
        return clientLow;
    }

    /** The client order id's hash as {@link PackedKey} computes it. */
    public int clientHash() {
        return clientHash;
    }

    /** Place: buy or sell. */
    public Side side() {
        return SIDES[side];
    }

    /** Place: limit or market. */
    public OrderType orderType() {
        return ORDER_TYPES[orderType];
    }

    /** Place: time in force. */
    public TimeInForce timeInForce() {
        return TIMES_IN_FORCE[timeInForce];
    }

    /** Place: self-trade prevention, or null for the market's default. */
    public StpMode stp() {
        return stp == 0 ? null : STP_MODES[stp - 1];
    }

    /** Whether the client order id is absent or well formed ({@link ClientOrderIds#wellFormed}). */
    public boolean clientOrderIdWellFormed() {
        return clientOrderIdWellFormed;
    }

    /** Whether the user address is empty (an invalid user). */
    public boolean userAddressEmpty() {
        return userAddressEmpty;
    }

    /** Place: reduce-only. */
    public boolean reduceOnly() {
        return reduceOnly;
    }

    /** The command as its record: the one this slot was made from, or an equal one built now. */
    public Command command() {
        if (source == null) {
            source = rebuild();
        }
        return source;
    }

    private Command rebuild() {
        return switch (kind) {
            case PLACE -> new PlaceOrder(timestamp, userAddress(), marketId, side(), orderType(), timeInForce(), price,
                    size, clientOrderId(), reduceOnly, stp(), expiresAt);
            case CANCEL -> new CancelOrder(timestamp, userAddress(), marketId, orderId, clientOrderId());
            case AMEND -> new AmendOrder(timestamp, userAddress(), marketId, orderId, clientOrderId(), price, size);
            default -> throw new IllegalStateException("an OTHER slot always keeps its record");
        };
    }

    /** Fills this slot from a record; the user is numbered by {@code intake} (null for none). */
    void set(Command command, int number, String address, CommandIntake intake) {
        source = command;
        stream = null;
        numberedBy = intake;
        timestamp = command.timestamp();
        userNumber = number;
        userAddress = address;
        userAddressEmpty = address != null && address.isEmpty();
        clientOrderIdWellFormed = true;
        clientOrderId = null;
        clientHigh = 0;
        clientLow = 0;
        clientHash = 0;
        orderId = CancelOrder.NO_ORDER_ID;
        price = 0;
        size = 0;
        expiresAt = PlaceOrder.NO_EXPIRY;
        side = 0;
        orderType = 0;
        timeInForce = 0;
        stp = 0;
        reduceOnly = false;
        switch (command) {
            case PlaceOrder p -> {
                kind = PLACE;
                marketId = p.marketId();
                side = (byte) p.side().ordinal();
                orderType = (byte) p.orderType().ordinal();
                timeInForce = (byte) p.timeInForce().ordinal();
                price = p.price();
                size = p.size();
                setClientOrderId(p.clientOrderId());
                reduceOnly = p.reduceOnly();
                stp = p.stp() == null ? 0 : (byte) (p.stp().ordinal() + 1);
                expiresAt = p.expiresAt();
            }
            case CancelOrder c -> {
                kind = CANCEL;
                marketId = c.marketId();
                orderId = c.orderId();
                setClientOrderId(c.clientOrderId());
            }
            case AmendOrder a -> {
                kind = AMEND;
                marketId = a.marketId();
                orderId = a.orderId();
                setClientOrderId(a.clientOrderId());
                price = a.newPrice();
                size = a.newSize();
            }
            default -> {
                kind = OTHER;
                marketId = 0;
            }
        }
    }

    private void setClientOrderId(String id) {
        clientOrderId = id;
        if (id != null) {
            clientOrderIdWellFormed = ClientOrderIds.wellFormed(id);
            if (packer == null) {
                packer = new PackedKey();
            }
            packer.pack(id);
            clientHigh = packer.high;
            clientLow = packer.low;
            clientHash = packer.hash;
        }
    }

    @Override
    public String toString() {
        return "FlatCommand[" + command() + ", user " + userNumber + "]";
    }
}
