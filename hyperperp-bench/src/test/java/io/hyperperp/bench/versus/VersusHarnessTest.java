package io.hyperperp.bench.versus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A smoke test on a small generated stream in exchange-core's style; the benchmark itself is never a test. */
class VersusHarnessTest {

    private static final long UNIT = 100_000_000L; // 8 decimals: whole prices and sizes
    private static final MarketRegistry REGISTRY = MarketRegistry.defaults();
    private static final MarketSpec MARKET = REGISTRY.find(1).orElseThrow();

    /** Places (some IOC), cancels, price moves and size reductions by client id, as exchange-core's generator makes them. */
    private static List<Command> stream(int count) {
        Random random = new Random(11);
        List<Command> out = new ArrayList<>();
        List<long[]> live = new ArrayList<>(); // {client id, user, price}
        long nextId = 1;
        for (int ts = 1; ts <= count; ts++) {
            int pick = random.nextInt(10);
            if (live.size() < 50 || pick < 3) {
                long user = 1 + random.nextInt(20);
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long price = side == Side.BUY ? 990 + random.nextInt(15) : 996 + random.nextInt(15);
                long size = 1 + random.nextInt(9);
                boolean ioc = random.nextInt(8) == 0;
                out.add(PlaceOrder.limit(ts, "0x" + Long.toHexString(user), 1, side, price * UNIT, size * UNIT)
                        .withTimeInForce(ioc ? TimeInForce.IOC : TimeInForce.GTC)
                        .withClientOrderId(Long.toString(nextId)));
                if (!ioc) {
                    live.add(new long[] {nextId, user, price});
                }
                nextId++;
                continue;
            }
            long[] order = live.get(random.nextInt(live.size()));
            String user = "0x" + Long.toHexString(order[1]);
            String id = Long.toString(order[0]);
            if (pick < 5) {
                out.add(new CancelOrder(ts, user, 1, CancelOrder.NO_ORDER_ID, id));
                live.remove(order);
            } else if (pick < 9) {
                // never to the same price: exchange-core re-queues such a move, HyperPerp refuses it as no change
                long price = 990 + random.nextInt(21);
                price = price == order[2] ? price + 1 : price;
                order[2] = price;
                out.add(new AmendOrder(ts, user, 1, CancelOrder.NO_ORDER_ID, id, price * UNIT, AmendOrder.UNCHANGED));
            } else {
                // down to one lot, which never grows an order (one already at one lot is refused by both)
                out.add(new AmendOrder(ts, user, 1, CancelOrder.NO_ORDER_ID, id, AmendOrder.UNCHANGED, UNIT));
            }
        }
        return out;
    }

    private static VersusHarness harness() {
        return new VersusHarness(MARKET, handler -> new MatchingEngine(REGISTRY, handler), List.of());
    }

    @Test
    void bothEnginesEndInTheSameBookWithTheSameFills() {
        List<Command> commands = stream(5_000);
        VersusResult result = harness().run(commands, null, 2);

        assertThat(result.iterations()).hasSize(2);
        assertThat(result.iterations().get(0).exchangeCoreFirst()).isTrue();
        assertThat(result.iterations().get(1).exchangeCoreFirst()).isFalse();
        assertThat(result.fills()).isPositive();
        assertThat(result.restingOrders()).isPositive();
        assertThat(result.ratio()).isPositive();
        assertThat(result.minRatio()).isLessThanOrEqualTo(result.maxRatio());
    }

    @Test
    void aWrongExpectedBookFailsTheRun() {
        FinalBook wrong = new FinalBook(List.of(new DepthLevel(1_000 * UNIT, UNIT, 1)), List.of());
        assertThatThrownBy(() -> harness().run(stream(2_000), wrong, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("final book differs");
    }

    @Test
    void commandsWithoutAnExchangeCoreEquivalentAreRefusedByPosition() {
        List<Command> commands = new ArrayList<>(stream(10));
        commands.add(PlaceOrder.limit(99, "0x1", 1, Side.BUY, 1_000 * UNIT, UNIT).withClientOrderId("abc"));
        assertThatThrownBy(() -> harness().run(commands, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command " + commands.size())
                .hasMessageContaining("client_order_id must be a positive integer");

        List<Command> fractional = List.of(PlaceOrder.limit(1, "0x1", 1, Side.BUY, 1_000 * UNIT + 1_000_000, UNIT)
                .withClientOrderId("1"));
        assertThatThrownBy(() -> harness().run(fractional, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price must be a whole number");
    }
}
