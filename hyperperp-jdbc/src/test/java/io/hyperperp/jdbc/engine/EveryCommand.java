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
import java.util.List;

/** Every kind of command, with every enumeration value and null, negative and extreme fields somewhere. */
final class EveryCommand {

    private EveryCommand() {
    }

    static List<Command> list() {
        long t = 1_700_000_000_000_000L;
        return List.of(
                new PlaceOrder(t + 1, "0xa11ce", 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 3_000_000, 5,
                        "cid-1", false, null, 0),
                new PlaceOrder(t + 2, "0xb0b", 2, Side.SELL, OrderType.MARKET, TimeInForce.IOC, 0, Long.MAX_VALUE,
                        null, true, StpMode.CANCEL_BOTH, t + 99),
                new PlaceOrder(t + 3, "0xc4r01", 1, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 1, 1,
                        "ünïcødé \"quoted\" \\ \t", false, StpMode.NONE, 0),
                new PlaceOrder(t + 4, "0xd4n", 1, Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 7, 8,
                        "", false, StpMode.CANCEL_TAKER, 0),
                new PlaceOrder(t + 5, "0xe", 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 7, 8, "x",
                        false, StpMode.CANCEL_MAKER, 0),
                new CancelOrder(t + 6, "0xa11ce", 1, 1, null),
                new CancelOrder(t + 7, "0xa11ce", 1, CancelOrder.NO_ORDER_ID, "cid-1"),
                new CancelAll(t + 8, "0xa11ce", CancelAll.ALL_MARKETS),
                new AmendOrder(t + 9, "0xb0b", 2, 2, null, 3_100_000, AmendOrder.UNCHANGED),
                new PlaceConditionalOrder(t + 10, "0xa11ce", 1, Side.SELL, TriggerKind.STOP, OrderType.MARKET,
                        2_900_000, TriggerReference.LAST, 0, 5, "stop-1", true, null, 0, "oco-a"),
                new PlaceConditionalOrder(t + 11, "0xa11ce", 1, Side.SELL, TriggerKind.TAKE_PROFIT,
                        OrderType.LIMIT, 3_300_000, TriggerReference.MARK, 3_290_000, 5, null, false,
                        StpMode.CANCEL_TAKER, t + 1_000, null),
                new AmendConditionalOrder(t + 12, "0xa11ce", 1, 6, null, 2_800_000, 0, 4),
                new UpdateMarkPrice(t + 13, "0x0", 1, 3_050_000, 0),
                new UpdateMarkPrice(t + 14, "0x0", 2, 3_050_000, 3_049_000),
                new Deposit(t + 15, "0xa11ce", 1_000_000_000L, "dep-1"),
                new Withdraw(t + 16, "0xa11ce", 250_000),
                new SetLeverage(t + 17, "0xa11ce", 1, 20),
                new ApplyFunding(t + 18, "0x0", 1, -12_345),
                new ApplyFunding(t + 19, "0x0", 1, Long.MIN_VALUE),
                new AdvanceTime(t + 20));
    }
}
