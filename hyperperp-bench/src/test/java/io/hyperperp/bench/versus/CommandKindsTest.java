package io.hyperperp.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each command's kind comes from what the engine did with it, not from its type alone. */
class CommandKindsTest {

    private static final long UNIT = 100_000_000L;

    private static PlaceOrder limit(long ts, String user, Side side, long price, long size, String clientId) {
        return PlaceOrder.limit(ts, user, 1, side, price * UNIT, size * UNIT).withClientOrderId(clientId);
    }

    @Test
    void namesWhatEachCommandDidToTheBook() {
        List<Command> warmup = List.of(limit(1, "0xa", Side.SELL, 1_000, 2, "s1"));
        List<Command> commands = List.of(
                limit(2, "0xa", Side.SELL, 1_000, 1, "s2"),              // joins the level
                limit(3, "0xb", Side.BUY, 1_000, 1, "b1"),               // fills s1 in part
                limit(4, "0xb", Side.BUY, 1_000, 2, "b2"),               // fills the rest, empties the level
                limit(5, "0xa", Side.SELL, 1_010, 2, "s3"),              // a new level
                new AmendOrder(6, "0xa", 1, CancelOrder.NO_ORDER_ID, "s3", 1_020 * UNIT, AmendOrder.UNCHANGED),
                new AmendOrder(7, "0xa", 1, CancelOrder.NO_ORDER_ID, "s3", AmendOrder.UNCHANGED, UNIT), // smaller, in place
                CancelOrder.byClientId(8, "0xa", "no-such-id"),
                CancelOrder.byClientId(9, "0xa", "s3"));
        CommandKinds kinds = CommandKinds.of(MarketRegistry.defaults(), warmup, commands);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream().map(i -> CommandKinds.name(kinds.kind(i))).toList())
                .containsExactly("place", "place, fills", "place, fills, -level", "place, +level",
                        "amend, moves, +level, -level", "amend", "cancel, rejected", "cancel, -level");
    }
}
