package io.hyperperp.core.command;

import java.util.Arrays;
import java.util.List;

/**
 * Commands encoded back to back for replaying many of them: each is nine longs in one array (one
 * cache line and a word) plus its user's and client order id's string references, read into a
 * reused {@link FlatCommand} with {@link #read}. Loaders (replay, benchmarks) encode once, ahead of
 * the engine, through a {@link CommandIntake}, so the engine thread streams through memory in order
 * instead of chasing each command's record and strings.
 *
 * <p>Places, cancels and amends are stored field by field (their records are rebuilt, equal, only if
 * a rejection needs one); other commands keep their record.
 */
public final class CommandStream {

    private static final int STRIDE = 9;
    private static final int TIMESTAMP = 0;
    private static final int MARKET = 1;
    private static final int ORDER_ID = 2;
    private static final int PRICE = 3;
    private static final int SIZE = 4;
    private static final int EXPIRES_AT = 5;
    private static final int CLIENT_LOW = 6;
    private static final int CLIENT_HIGH = 7;
    /**
     * Kind, side, order type, time in force and STP, four bits each, then the flags below; the user
     * number in the top half.
     */
    private static final int HEADER = 8;
    private static final int REDUCE_ONLY = 1 << 20;
    private static final int WELL_FORMED = 1 << 21;
    private static final int EMPTY_ADDRESS = 1 << 22;

    private final CommandIntake intake;
    private final FlatCommand scratch = new FlatCommand();
    private long[] words;
    /** Typed arrays, so reading a reference never checks its class (which would read the object). */
    private String[] addresses;
    private String[] clientOrderIds;
    /** The records of {@link FlatCommand#OTHER} commands (null for the rest). */
    private Command[] others;
    private int size;

    /** An empty stream that numbers users through {@code intake}. */
    public CommandStream(CommandIntake intake, int expectedSize) {
        this.intake = intake;
        int capacity = Math.max(16, expectedSize);
        this.words = new long[capacity * STRIDE];
        this.addresses = new String[capacity];
        this.clientOrderIds = new String[capacity];
        this.others = new Command[capacity];
    }

    /** The commands encoded through {@code intake}. */
    public static CommandStream of(List<? extends Command> commands, CommandIntake intake) {
        CommandStream stream = new CommandStream(intake, commands.size());
        for (Command command : commands) {
            stream.append(command);
        }
        return stream;
    }

    /** Encodes one more command. */
    public void append(Command command) {
        if (size * STRIDE == words.length) {
            words = Arrays.copyOf(words, words.length * 2);
            addresses = Arrays.copyOf(addresses, addresses.length * 2);
            clientOrderIds = Arrays.copyOf(clientOrderIds, clientOrderIds.length * 2);
            others = Arrays.copyOf(others, others.length * 2);
        }
        FlatCommand c = scratch;
        intake.flatten(command, c);
        int w = size * STRIDE;
        words[w + TIMESTAMP] = c.timestamp;
        words[w + MARKET] = c.marketId;
        words[w + ORDER_ID] = c.orderId;
        words[w + PRICE] = c.price;
        words[w + SIZE] = c.size;
        words[w + EXPIRES_AT] = c.expiresAt;
        words[w + CLIENT_LOW] = c.clientLow;
        words[w + CLIENT_HIGH] = c.clientHigh;
        words[w + HEADER] = c.kind | c.side << 4 | c.orderType << 8 | c.timeInForce << 12 | c.stp << 16
                | (c.reduceOnly ? REDUCE_ONLY : 0) | (c.clientOrderIdWellFormed ? WELL_FORMED : 0)
                | (c.userAddressEmpty ? EMPTY_ADDRESS : 0) | (long) c.userNumber << 32;
        addresses[size] = c.userAddress;
        clientOrderIds[size] = c.clientOrderId;
        others[size] = c.kind == FlatCommand.OTHER ? command : null;
        size++;
    }

    /** How many commands the stream holds. */
    public int size() {
        return size;
    }

    /** The user address of command {@code index}. */
    String addressAt(int index) {
        return addresses[index];
    }

    /** The client order id of command {@code index}, or null. */
    String clientOrderIdAt(int index) {
        return clientOrderIds[index];
    }

    /**
     * Overwrites {@code into} with command {@code index} (0-based); {@code into} reads the command's
     * strings from this stream until it is overwritten.
     */
    public void read(int index, FlatCommand into) {
        // Kept under the JIT's inlining limit for a hot method (325 bytes of bytecode), so that the
        // replay loop and the engine's dispatch see the stored fields directly; what only a place
        // carries is decoded in a method of its own.
        int w = index * STRIDE;
        long[] words = this.words;
        long header = words[w + HEADER];
        byte kind = (byte) (header & 0xF);
        into.kind = kind;
        into.userNumber = (int) (header >> 32);
        into.timestamp = words[w + TIMESTAMP];
        into.marketId = words[w + MARKET];
        into.orderId = words[w + ORDER_ID];
        into.price = words[w + PRICE];
        into.size = words[w + SIZE];
        long low = words[w + CLIENT_LOW];
        long high = words[w + CLIENT_HIGH];
        into.clientLow = low;
        into.clientHigh = high;
        // The strings stay in the stream: the slot keeps the stream and the index and reads them on
        // demand, so the read stores no reference per command (on G1 each would pass a card-marking
        // barrier). The hash is a function of the packed words, 0 for no id (packed as two zeros), and
        // of the string itself only when it does not pack.
        if (into.stream != this) {
            into.stream = this;
            into.numberedBy = intake;
        }
        into.index = index;
        into.clientHash = high == PackedKey.UNPACKED ? clientOrderIds[index].hashCode() : PackedKey.hashOf(high, low);
        if (kind == FlatCommand.OTHER) {
            into.source = others[index];
        } else if (into.source != null) {
            into.source = null;
        }
        // A cancel or amend (most commands) carries none of a place's own fields: they are left as the
        // slot had them, which only a place reads (see FlatCommand).
        if (kind == FlatCommand.PLACE) {
            readOrderFields(header, words[w + EXPIRES_AT], into);
        }
    }

    /** The fields only a place uses. */
    private static void readOrderFields(long header, long expiresAt, FlatCommand into) {
        into.side = (byte) (header >>> 4 & 0xF);
        into.orderType = (byte) (header >>> 8 & 0xF);
        into.timeInForce = (byte) (header >>> 12 & 0xF);
        into.stp = (byte) (header >>> 16 & 0xF);
        into.reduceOnly = (header & REDUCE_ONLY) != 0;
        into.clientOrderIdWellFormed = (header & WELL_FORMED) != 0;
        into.userAddressEmpty = (header & EMPTY_ADDRESS) != 0;
        into.expiresAt = expiresAt;
    }
}
