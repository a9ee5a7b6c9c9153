package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random trading on the market of {@link MarginTestEngine}, with and without marks: after every command each
 * valid budget is within its fresh headroom, the count of current budgets agrees with a walk, and every account's
 * order totals are its resting orders'.
 */
class MarginHeadroomRandomTest extends MarginHeadroomFixture {

    @Test
    void randomTradingKeepsEveryValidBudgetWithinItsFreshHeadroom() {
        randomTrading(true);
    }

    @Test
    void randomTradingWithoutAMarkKeepsEveryValidBudgetWithinItsFreshHeadroom() {
        randomTrading(false);
    }

    private void randomTrading(boolean marks) {
        SplittableRandom random = new SplittableRandom(13);
        String[] users = new String[12];
        for (int i = 0; i < users.length; i++) {
            users[i] = "0xu" + i;
            run(new Deposit(clock, users[i], (1_000_00L << (i % 4)), "d" + i));
        }
        if (marks) {
            run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        }
        List<Long> orderIds = new ArrayList<>();
        int validAfterFill = 0;
        int validOverAMove = 0;
        int commandsAllCurrent = 0;
        for (int i = 0; i < 20_000; i++) {
            String user = users[random.nextInt(users.length)];
            int pick = random.nextInt(100);
            long price = 95_00 + random.nextInt(1_000);
            Command command;
            if (pick < 40 || orderIds.isEmpty()) {
                command = PlaceOrder.limit(clock += 10, user, M, random.nextBoolean() ? Side.BUY : Side.SELL, price,
                        1 + random.nextInt(20));
            } else if (pick < 55) {
                command = PlaceOrder.limit(clock += 10, user, M, random.nextBoolean() ? Side.BUY : Side.SELL, price,
                        1 + random.nextInt(20)).withTimeInForce(TimeInForce.IOC);
            } else if (pick < 70) {
                Order order = state.openOrders.get(orderIds.get(random.nextInt(orderIds.size())));
                command = order == null ? markOrCancelAll(marks, user, price)
                        : new CancelOrder(clock += 10, order.user.address, M, order.orderId, null);
            } else if (pick < 97) {
                Order order = state.openOrders.get(orderIds.get(random.nextInt(orderIds.size())));
                command = order == null ? markOrCancelAll(marks, user, price)
                        : AmendOrder.byId(clock += 10, order.user.address, order.orderId, price,
                                1 + random.nextInt(20));
            } else if (pick < 99 || !marks) {
                command = markOrCancelAll(marks, user, price);
            } else {
                command = new UpdateMarkPrice(clock += 10, "0xoracle", M, bandEdge(random, account(user), price));
            }
            boolean priceMoves = command instanceof UpdateMarkPrice;
            Set<MarginAccount> validBefore = new HashSet<>();
            for (String u : users) {
                MarginAccount account = account(u);
                if (priceMoves && account != null && account.openPositions > 0 && state.ledger.headroom.valid(account)) {
                    validBefore.add(account);
                }
            }
            List<EngineEvent> events = run(command);
            Set<String> filled = new HashSet<>();
            for (EngineEvent event : events) {
                if (event instanceof EngineEvent.OrderAccepted accepted) {
                    orderIds.add(accepted.order().orderId());
                } else if (event instanceof EngineEvent.Fill fill) {
                    filled.add(fill.taker().userAddress());
                    filled.add(fill.maker().userAddress());
                }
            }
            boolean allCurrent = allBudgetsCurrent();
            assertThat(state.ledger.headroom.allCurrent()).as("every budget current after command %d", i)
                    .isEqualTo(allCurrent);
            commandsAllCurrent += allCurrent ? 1 : 0;
            // the in-cell amend's one-sign-bit test: a fall, or every budget current, at prices up to the top
            for (long[] prices : new long[][] {{100, 99}, {99, 100}, {Long.MAX_VALUE, 1}, {1, Long.MAX_VALUE}}) {
                assertThat(state.ledger.headroom.fallOrAllCurrent(prices[0], prices[1]))
                        .as("fall %d -> %d or every budget current, after command %d", prices[0], prices[1], i)
                        .isEqualTo(prices[1] < prices[0] || allCurrent);
            }
            for (String u : users) {
                MarginAccount account = account(u);
                if (account != null) {
                    assertTotalsAreTheOrders(account);
                }
                if (account != null && state.ledger.headroom.valid(account)) {
                    assertThat(account.budgetEntry.budget).as("budget of %s after command %d", u, i)
                            .isBetween(0L, freshBudget(account));
                    assertThat(MarginMath.equity(account)).isGreaterThanOrEqualTo(MarginMath.maintenance(account));
                    if (filled.contains(u)) {
                        validAfterFill++;
                    }
                    if (validBefore.contains(account)) {
                        validOverAMove++;
                    }
                }
            }
        }
        assertThat(validAfterFill).as("budgets that stayed valid through a fill").isGreaterThan(1_000);
        // both answers of the count are exercised: every budget current, and some not
        assertThat(commandsAllCurrent).as("commands after which every budget was current").isBetween(100, 19_900);
        if (marks) {
            // accounts passed MarginMath.MAX_WALKED_ORDERS (their exact totals started) more than ten times
            assertThat(state.ledger.exactStartVisits).as("orders visited to start exact totals")
                    .isGreaterThan(10L * (MarginMath.MAX_WALKED_ORDERS + 1));
            assertThat(validOverAMove).as("budgets of positions that stayed valid over a mark move").isGreaterThan(1_000);
        }
    }

    /**
     * Whether every account's budget holder stores a current epoch, walked afresh: what
     * {@link MarginHeadroom#allCurrent} keeps as counts.
     */
    private boolean allBudgetsCurrent() {
        for (int id = 0; id < state.userCount(); id++) {
            MarginAccount account = state.userById(id).margin;
            if (account != null && account.budgetEntry != null && !state.ledger.headroom.current(account.budgetEntry)) {
                return false;
            }
        }
        return true;
    }

    /** A price at or one step beyond an edge of one of the account's bands, else {@code otherwise}. */
    private static long bandEdge(SplittableRandom random, MarginAccount account, long otherwise) {
        if (account == null || !account.budgetEntry.banded || account.openPositions == 0) {
            return otherwise;
        }
        MarginPosition p = account.markets[0];
        long edge = p.size > 0 ? p.cold.bandLow : p.cold.bandHigh;
        long step = p.size > 0 ? -1 : 1;
        long mark = edge + (random.nextBoolean() ? step : 0);
        return mark > 0 && mark < 1_000_000_00L ? mark : otherwise;
    }

    private Command markOrCancelAll(boolean marks, String user, long price) {
        return marks ? new UpdateMarkPrice(clock += 10, "0xoracle", M, price) : new CancelAll(clock += 10, user, M);
    }
}
