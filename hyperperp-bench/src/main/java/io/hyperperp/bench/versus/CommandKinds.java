package io.hyperperp.bench.versus;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each command of a stream does to HyperPerp's book, found by one unpaced run of a fresh engine before any timed
 * one: its operation, whether it fills, whether it creates or empties a price level, whether an amend moves the price,
 * and whether it was rejected. The same command index has the same kind on every side of a paced run (the sides play
 * the same stream and end in the same book), so a kind splits each side's slowest commands alike
 * ({@link KindTally}).
 */
final class CommandKinds {

    private static final int OPERATION = 3;
    private static final int FILLS = 1 << 2;
    private static final int CREATES_LEVEL = 1 << 3;
    private static final int EMPTIES_LEVEL = 1 << 4;
    private static final int MOVES = 1 << 5;
    private static final int REJECTED = 1 << 6;
    /** The number of distinct kinds (every combination of the bits above). */
    static final int KINDS = 1 << 7;

    private final byte[] kinds;

    private CommandKinds(byte[] kinds) {
        this.kinds = kinds;
    }

    /** Runs {@code warmup} and then {@code commands} through a fresh engine and records each command's kind. */
    static CommandKinds of(MarketRegistry registry, List<Command> warmup, List<Command> commands) {
        Recorder recorder = new Recorder();
        MatchingEngine engine = new MatchingEngine(registry, recorder);
        FlatCommand slot = new FlatCommand();
        CommandIntake intake = new CommandIntake();
        CommandStream warm = CommandStream.of(warmup, intake);
        for (int i = 0; i < warm.size(); i++) {
            warm.read(i, slot);
            engine.process(slot);
        }
        CommandStream stream = CommandStream.of(commands, intake);
        byte[] kinds = new byte[commands.size()];
        for (int i = 0; i < kinds.length; i++) {
            recorder.flags = operation(commands.get(i));
            stream.read(i, slot);
            engine.process(slot);
            kinds[i] = (byte) recorder.flags;
        }
        return new CommandKinds(kinds);
    }

    private static int operation(Command command) {
        if (command instanceof PlaceOrder) {
            return 0;
        }
        if (command instanceof CancelOrder) {
            return 1;
        }
        return command instanceof AmendOrder ? 2 : 3;
    }

    /** The kinds as written by {@link #write}, for a run whose engine must not classify (a knock-out build's). */
    static CommandKinds read(Path file) throws IOException {
        return new CommandKinds(Files.readAllBytes(file));
    }

    /** Writes the kinds, one byte per command. */
    void write(Path file) throws IOException {
        Files.write(file, kinds);
    }

    /** The kind of command {@code i}, {@code 0 .. KINDS - 1}. */
    int kind(int i) {
        return kinds[i];
    }

    /** Whether a kind is a placement. */
    static boolean isPlace(int kind) {
        return (kind & OPERATION) == 0;
    }

    /** A kind's name, for example {@code amend, moves, fills, +level, -level}. */
    static String name(int kind) {
        StringBuilder name = new StringBuilder(List.of("place", "cancel", "amend", "other").get(kind & OPERATION));
        if ((kind & REJECTED) != 0) {
            name.append(", rejected");
        }
        if ((kind & MOVES) != 0) {
            name.append(", moves");
        }
        if ((kind & FILLS) != 0) {
            name.append(", fills");
        }
        if ((kind & CREATES_LEVEL) != 0) {
            name.append(", +level");
        }
        if ((kind & EMPTIES_LEVEL) != 0) {
            name.append(", -level");
        }
        return name.toString();
    }

    /** Sets the current command's flags from its events; keeps each level's order count to tell new from old. */
    private static final class Recorder implements EngineEventHandler {
        private final Map<Long, Integer> bids = new HashMap<>();
        private final Map<Long, Integer> asks = new HashMap<>();
        int flags;

        @Override
        public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                                 int orderCount) {
            Map<Long, Integer> levels = side == Side.BUY ? bids : asks;
            Integer before = orderCount == 0 ? levels.remove(price) : levels.put(price, orderCount);
            if (orderCount == 0 && before != null) {
                flags |= EMPTIES_LEVEL;
            } else if (orderCount > 0 && before == null) {
                flags |= CREATES_LEVEL;
            }
        }

        @Override
        public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                         long price, long size, long takerFee, long makerFee) {
            flags |= FILLS;
        }

        @Override
        public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                                 long previousOpenSize) {
            if (order.price() != previousPrice) {
                flags |= MOVES;
            }
        }

        @Override
        public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
            flags |= REJECTED;
        }

        @Override
        public void orderAccepted(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        }

        @Override
        public void orderFilled(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        }

        @Override
        public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                         long referencePrice) {
        }

        @Override
        public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                         CancelReason reason) {
        }

        @Override
        public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                       ConditionalOrderSnapshot previous) {
        }

        @Override
        public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        }
    }
}
