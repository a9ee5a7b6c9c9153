package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.M;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.EventHasher;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine reports a refused place, cancel or amend through
 * {@link EngineEventHandler#flatCommandRejected}, so a handler that overrides it is never handed a
 * record; a handler that does not gets the record it always got.
 */
class FlatRejectionTest {

    private static final long T = 1_000_000;

    /** Places, then refused commands of each flat kind (unknown ids, a duplicate client id, a bad size). */
    private static List<Command> commands() {
        return List.of(
                PlaceOrder.limit(T, BOB, M, Side.SELL, 10_000, 5).withClientOrderId("bob-1"),
                new CancelOrder(T + 1, ALICE, M, CancelOrder.NO_ORDER_ID, "nobody-has-this"),
                new AmendOrder(T + 2, ALICE, M, CancelOrder.NO_ORDER_ID, "nor-this", 9_900, AmendOrder.UNCHANGED),
                new AmendOrder(T + 3, BOB, M, 999, null, 9_900, 3),
                PlaceOrder.limit(T + 4, BOB, M, Side.SELL, 10_100, 1).withClientOrderId("bob-1"),
                PlaceOrder.limit(T + 5, ALICE, M, Side.BUY, 9_000, 0));
    }

    private static MatchingEngine engine(EngineEventHandler handler) {
        return new MatchingEngine(MarketRegistry.of(List.of(EngineFixture.spec(M, 0, StpMode.NONE)), false, null),
                handler);
    }

    /** Feeds {@link #commands()} the way the benchmarks and replay do: read from a stream into one slot. */
    private static void replay(MatchingEngine engine) {
        CommandStream stream = CommandStream.of(commands(), engine.intake());
        FlatCommand slot = new FlatCommand();
        for (int i = 0; i < stream.size(); i++) {
            stream.read(i, slot);
            engine.process(slot);
        }
    }

    @Test
    void aHandlerThatOverridesTheFlatCallIsNeverHandedARecord() {
        List<String> seen = new ArrayList<>();
        replay(engine(new FlatRecordingHandler(seen)));

        assertThat(seen).containsExactly(
                "CANCEL " + ALICE + " nobody-has-this UNKNOWN_ORDER",
                "AMEND " + ALICE + " nor-this UNKNOWN_ORDER",
                "AMEND " + BOB + " null UNKNOWN_ORDER",
                "PLACE " + BOB + " bob-1 DUPLICATE_CLIENT_ORDER_ID",
                "PLACE " + ALICE + " null INVALID_SIZE");
    }

    @Test
    void aHandlerThatDoesNotGetTheCommandsOwnRecordAndTheSameHash() {
        EventRecorder fromStream = new EventRecorder();
        replay(engine(fromStream));
        List<Command> rejected = fromStream.events().stream()
                .filter(e -> e instanceof EngineEvent.CommandRejected)
                .map(e -> ((EngineEvent.CommandRejected) e).command())
                .toList();
        List<Command> all = commands();
        assertThat(rejected).containsExactly(all.get(1), all.get(2), all.get(3), all.get(4), all.get(5));

        EventHasher streamed = new EventHasher();
        replay(engine(streamed));
        EventHasher byRecord = new EventHasher();
        MatchingEngine engine = engine(byRecord);
        commands().forEach(engine::process);
        assertThat(streamed.count()).isEqualTo(byRecord.count()).isEqualTo(fromStream.events().size());
        assertThat(streamed.hexDigest()).isEqualTo(byRecord.hexDigest());
    }

    /** Records each flat rejection's fields; fails the test if handed a rejection's record. */
    private static final class FlatRecordingHandler implements EngineEventHandler {
        private final List<String> seen;

        FlatRecordingHandler(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void flatCommandRejected(long sequence, long timestamp, FlatCommand command, RejectReason reason) {
            String kind = switch (command.kind()) {
                case FlatCommand.PLACE -> "PLACE";
                case FlatCommand.CANCEL -> "CANCEL";
                case FlatCommand.AMEND -> "AMEND";
                default -> "OTHER";
            };
            seen.add(kind + " " + command.userAddress() + " " + command.clientOrderId() + " " + reason);
        }

        @Override
        public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
            throw new AssertionError("a flat command's rejection built its record: " + command);
        }

        @Override
        public void orderAccepted(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void fill(long sequence, long timestamp, long tradeId, long marketId,
                         OrderView taker, OrderView maker,
                         long price, long size, long takerFee, long makerFee) {
        }

        @Override
        public void orderCancelled(long sequence, long timestamp, OrderView order,
                                   CancelReason reason) {
        }

        @Override
        public void orderAmended(long sequence, long timestamp, OrderView order,
                                 long previousPrice, long previousOpenSize) {
        }

        @Override
        public void orderFilled(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price,
                                 long totalSize, int orderCount) {
        }

        @Override
        public void conditionalAccepted(long sequence, long timestamp,
                                        ConditionalOrderSnapshot order) {
        }

        @Override
        public void conditionalTriggered(long sequence, long timestamp,
                                         ConditionalOrderSnapshot order, long referencePrice) {
        }

        @Override
        public void conditionalCancelled(long sequence, long timestamp,
                                         ConditionalOrderSnapshot order,
                                         CancelReason reason) {
        }

        @Override
        public void conditionalAmended(long sequence, long timestamp,
                                       ConditionalOrderSnapshot order,
                                       ConditionalOrderSnapshot previous) {
        }

        @Override
        public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        }
    }
}
