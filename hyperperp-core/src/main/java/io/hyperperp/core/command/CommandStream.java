package io.hyperperp.core.command;

import java.util.Arrays;
import java.util.List;

/**
 * Commands encoded back to back for replaying many of them: each is nine longs in one array (one
 * cache line and a word) plus its user's and client order id's string references, which a reused
 * {@link FlatCommand} views in place after {@link #read}. Loaders (replay, benchmarks) encode once, ahead of
 * the engine, through a {@link CommandIntake}, so the engine thread streams through memory in order
 * instead of chasing each command's record and strings.
 *
 * <p>Places, cancels and amends are stored field by field (their records are rebuilt, equal, only if
 * a rejection needs one); other commands keep their record.
 */
public final class CommandStream {

    private static final int STRIDE = FlatCommand.WIDTH;

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
        intake.flatten(command, scratch);
        scratch.copyTo(words, addresses, clientOrderIds, others, size);
        size++;
    }

    /** How many commands the stream holds. */
    public int size() {
        return size;
    }

    /**
     * Points {@code into} at command {@code index} (0-based): it reads the command from this stream's
     * arrays, copying nothing, until it is overwritten. A stream only ever appends, so the view stays
     * valid (an array that grew is copied, and the copy a view holds is unchanged).
     */
    public void read(int index, FlatCommand into) {
        into.view(words, addresses, clientOrderIds, others, index);
    }
}
