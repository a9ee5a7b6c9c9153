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
 * <p>Places, cancels and amends (nearly every command) are held as {@link #WIDTH} words; every
 * other command type is carried as its record ({@link #kind()} {@link #OTHER}). A reusable slot: the
 * intake or {@link CommandStream#read} overwrites it; the engine reads it while processing and
 * keeps nothing of it. {@link #command()} gives back the record (the same one when the slot was
 * made from a record, else an equal one), which is what rejection events carry.
 *
 * <p>The slot is a view: its accessors read the words at {@code words[base + FIELD]} and the strings
 * at {@code addresses[index]}. A slot read from a {@link CommandStream} points into the stream's own
 * arrays, so that a read copies nothing (two stores); a slot filled from a record ({@link #set})
 * points at a one-command array of its own. One class and one path in every accessor either way,
 * so the engine's call sites stay monomorphic and branch-free.
 *
 * <p>The fields only a place has (side, order type, time in force, self-trade prevention,
 * reduce-only, expiry) are meaningful for a {@link #PLACE} only.
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

    /** Longs per command (one cache line and a word); {@link CommandStream} lays commands out so. */
    static final int WIDTH = 9;
    private static final int TIMESTAMP = 0;
    private static final int MARKET = 1;
    private static final int ORDER_ID = 2;
    private static final int PRICE = 3;
    private static final int SIZE = 4;
    private static final int EXPIRES_AT = 5;
    private static final int CLIENT_LOW = 6;
    private static final int CLIENT_HIGH = 7;
    /**
     * Kind, side, order type, time in force and STP (ordinal + 1, 0 for the market's default), four
     * bits each, then the flags below; the user number in the top half.
     */
    private static final int HEADER = 8;
    private static final int REDUCE_ONLY = 1 << 20;
    /** The client order id is absent or well formed ({@link ClientOrderIds}), decided at intake. */
    private static final int WELL_FORMED = 1 << 21;
    /** The user address is the empty string, decided at intake. */
    private static final int EMPTY_ADDRESS = 1 << 22;

    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIMES_IN_FORCE = TimeInForce.values();
    private static final StpMode[] STP_MODES = StpMode.values();

    /** The words this slot reads: a stream's, or {@link #own}. */
    long[] words;
    /** Where this command's words start in {@link #words}. */
    int base;
    /** The user addresses, by {@link #index}: a stream's, or this slot's own. */
    String[] addresses;
    /** The client order ids (null for none), by {@link #index}. */
    String[] clientOrderIds;
    /** The records of commands held as records (null for the rest), by {@link #index}. */
    Command[] records;
    /** This command's index in the arrays above. */
    int index;

    /** The one command of a slot filled from a record. */
    private final long[] own = new long[WIDTH];
    private final String[] ownAddress = new String[1];
    private final String[] ownClientOrderId = new String[1];
    private final Command[] ownRecord = new Command[1];
    /** The record rebuilt for the words at ({@link #rebuiltFrom}, {@link #rebuiltAt}), so that it is built once. */
    private Command rebuilt;
    private long[] rebuiltFrom;
    private int rebuiltAt;
    /** Scratch for packing client ids, created on first use. */
    private PackedKey packer;

    /** An empty slot, for {@link CommandIntake#flatten(Command, FlatCommand)} or {@link CommandStream#read}. */
    public FlatCommand() {
        viewOwn();
    }

    /**
     * A slot holding {@code command} without an intake's user number (the engine then finds the
     * user by address): for commands the engine makes itself, and for callers without an intake.
     */
    public static FlatCommand of(Command command) {
        FlatCommand slot = new FlatCommand();
        slot.set(command, NO_USER_NUMBER, command.userAddress());
        return slot;
    }

    private long header() {
        return words[base + HEADER];
    }

    /** {@link #PLACE}, {@link #CANCEL}, {@link #AMEND} or {@link #OTHER}. */
    public byte kind() {
        return (byte) (header() & 0xF);
    }

    /** Issue time in microseconds. */
    public long timestamp() {
        return words[base + TIMESTAMP];
    }

    /** The intake's number for the user (a lookup key, never an output), or {@link #NO_USER_NUMBER}. */
    public int userNumber() {
        return (int) (header() >> 32);
    }

    /** The user's address; the intake's own instance for each address. */
    public String userAddress() {
        return addresses[index];
    }

    /** The market id (or {@link CancelOrder#ANY_MARKET} for a cancel or amend). */
    public long marketId() {
        return words[base + MARKET];
    }

    /** Cancel and amend: the order number, or {@link CancelOrder#NO_ORDER_ID}. */
    public long orderId() {
        return words[base + ORDER_ID];
    }

    /** Place: the limit price; amend: the new price or {@link AmendOrder#UNCHANGED}. */
    public long price() {
        return words[base + PRICE];
    }

    /** Place: the size; amend: the new open size or {@link AmendOrder#UNCHANGED}. */
    public long size() {
        return words[base + SIZE];
    }

    /** Place: good-til-time, or {@link PlaceOrder#NO_EXPIRY}. */
    public long expiresAt() {
        return words[base + EXPIRES_AT];
    }

    /** The client order id, or null. */
    public String clientOrderId() {
        return clientOrderIds[index];
    }

    /** The client order id's packed high word ({@link PackedKey}); 0 for no id. */
    public long clientHigh() {
        return words[base + CLIENT_HIGH];
    }

    /** The client order id's packed low word; 0 for no id. */
    public long clientLow() {
        return words[base + CLIENT_LOW];
    }

    /**
     * The client order id's hash as {@link PackedKey} computes it: a function of the packed words (0
     * for no id, packed as two zeros), and of the string itself only when it does not pack.
     */
    public int clientHash() {
        long high = clientHigh();
        return high == PackedKey.UNPACKED ? clientOrderId().hashCode() : PackedKey.hashOf(high, clientLow());
    }

    /** Place: buy or sell. */
    public Side side() {
        return SIDES[(int) (header() >>> 4 & 0xF)];
    }

    /** Place: limit or market. */
    public OrderType orderType() {
        return ORDER_TYPES[(int) (header() >>> 8 & 0xF)];
    }

    /** Place: time in force. */
    public TimeInForce timeInForce() {
        return TIMES_IN_FORCE[(int) (header() >>> 12 & 0xF)];
    }

    /** Place: self-trade prevention, or null for the market's default. */
    public StpMode stp() {
        int stp = (int) (header() >>> 16 & 0xF);
        return stp == 0 ? null : STP_MODES[stp - 1];
    }

    /** Whether the client order id is absent or well formed ({@link ClientOrderIds#wellFormed}). */
    public boolean clientOrderIdWellFormed() {
        return (header() & WELL_FORMED) != 0;
    }

    /** Whether the user address is empty (an invalid user). */
    public boolean userAddressEmpty() {
        return (header() & EMPTY_ADDRESS) != 0;
    }

    /** Place: reduce-only. */
    public boolean reduceOnly() {
        return (header() & REDUCE_ONLY) != 0;
    }

    /** The command as its record: the one this slot was made from, or an equal one built now. */
    public Command command() {
        Command record = records[index];
        if (record != null) {
            return record;
        }
        if (rebuilt == null || rebuiltFrom != words || rebuiltAt != base) {
            rebuilt = rebuild();
            rebuiltFrom = words;
            rebuiltAt = base;
        }
        return rebuilt;
    }

    private Command rebuild() {
        long price = price();
        long size = size();
        return switch (kind()) {
            case PLACE -> new PlaceOrder(timestamp(), userAddress(), marketId(), side(), orderType(), timeInForce(),
                    price, size, clientOrderId(), reduceOnly(), stp(), expiresAt());
            case CANCEL -> new CancelOrder(timestamp(), userAddress(), marketId(), orderId(), clientOrderId());
            case AMEND -> new AmendOrder(timestamp(), userAddress(), marketId(), orderId(), clientOrderId(), price, size);
            default -> throw new IllegalStateException("an OTHER slot always keeps its record");
        };
    }

    /** Points this slot at command {@code index} of a stream's arrays (see {@link CommandStream#read}). */
    void view(long[] words, String[] addresses, String[] clientOrderIds, Command[] records, int index) {
        if (this.words != words) {
            this.words = words;
            this.addresses = addresses;
            this.clientOrderIds = clientOrderIds;
            this.records = records;
        }
        this.base = index * WIDTH;
        this.index = index;
    }

    private void viewOwn() {
        words = own;
        addresses = ownAddress;
        clientOrderIds = ownClientOrderId;
        records = ownRecord;
        base = 0;
        index = 0;
    }

    /** Copies this slot's command into a stream's arrays as command {@code index}. */
    void copyTo(long[] toWords, String[] toAddresses, String[] toClientOrderIds, Command[] toRecords, int index) {
        System.arraycopy(words, base, toWords, index * WIDTH, WIDTH);
        toAddresses[index] = userAddress();
        toClientOrderIds[index] = clientOrderId();
        toRecords[index] = kind() == OTHER ? command() : null;
    }

    /** Fills this slot from a record; the user is numbered by the caller. */
    void set(Command command, int number, String address) {
        viewOwn();
        ownRecord[0] = command;
        ownAddress[0] = address;
        ownClientOrderId[0] = null;
        long[] w = own;
        w[TIMESTAMP] = command.timestamp();
        w[ORDER_ID] = CancelOrder.NO_ORDER_ID;
        w[PRICE] = 0;
        w[SIZE] = 0;
        w[EXPIRES_AT] = PlaceOrder.NO_EXPIRY;
        w[CLIENT_LOW] = 0;
        w[CLIENT_HIGH] = 0;
        long header = (address != null && address.isEmpty() ? EMPTY_ADDRESS : 0) | (long) number << 32;
        boolean wellFormed = true;
        switch (command) {
            case PlaceOrder p -> {
                header |= PLACE | p.side().ordinal() << 4 | p.orderType().ordinal() << 8
                        | p.timeInForce().ordinal() << 12 | (p.stp() == null ? 0 : p.stp().ordinal() + 1) << 16
                        | (p.reduceOnly() ? REDUCE_ONLY : 0);
                w[MARKET] = p.marketId();
                w[PRICE] = p.price();
                w[SIZE] = p.size();
                w[EXPIRES_AT] = p.expiresAt();
                wellFormed = setClientOrderId(p.clientOrderId());
            }
            case CancelOrder c -> {
                header |= CANCEL;
                w[MARKET] = c.marketId();
                w[ORDER_ID] = c.orderId();
                wellFormed = setClientOrderId(c.clientOrderId());
            }
            case AmendOrder a -> {
                header |= AMEND;
                w[MARKET] = a.marketId();
                w[ORDER_ID] = a.orderId();
                w[PRICE] = a.newPrice();
                w[SIZE] = a.newSize();
                wellFormed = setClientOrderId(a.clientOrderId());
            }
            default -> {
                header |= OTHER;
                w[MARKET] = 0;
            }
        }
        w[HEADER] = header | (wellFormed ? WELL_FORMED : 0);
    }

    /** Packs a client id into this slot's own words; whether it is absent or well formed. */
    private boolean setClientOrderId(String id) {
        if (id == null) {
            return true;
        }
        ownClientOrderId[0] = id;
        if (packer == null) {
            packer = new PackedKey();
        }
        packer.pack(id);
        own[CLIENT_HIGH] = packer.high;
        own[CLIENT_LOW] = packer.low;
        return ClientOrderIds.wellFormed(id);
    }

    @Override
    public String toString() {
        return "FlatCommand[" + command() + ", user " + userNumber() + "]";
    }
}
