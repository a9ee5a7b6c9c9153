package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream of commands on the margined {@link TestMarkets#PERP}: deposits (some repeated),
 * withdrawals, leverage changes, limit and market orders around a wandering mark, mark jumps that
 * liquidate, funding, cancels. Prices 2 decimals (tick 0.05), sizes 4 decimals (lot 0.001),
 * collateral 6 decimals.
 */
final class MarginCommandStream {

    private static final long MARKET = TestMarkets.PERP.marketId();
    private static final long USDC = 1_000_000L;

    private final SplittableRandom random;
    private final java.util.function.LongSupplier clock;
    private long timestamp;
    private long mark = 200_000; // 2,000.00
    private int deposits;

    MarginCommandStream(long seed, long startTimestamp) {
        this.random = new SplittableRandom(seed);
        this.timestamp = startTimestamp;
        this.clock = () -> ++timestamp;
    }

    /** Takes its timestamps from {@code clock} (shared with another stream, so no two commands share one). */
    MarginCommandStream(long seed, java.util.function.LongSupplier clock) {
        this.random = new SplittableRandom(seed);
        this.clock = clock;
    }

    List<Command> take(int n) {
        List<Command> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    Command next() {
        long ts = clock.getAsLong();
        String user = "0x" + Integer.toHexString(1 + random.nextInt(8));
        int roll = random.nextInt(100);
        if (roll < 1 || deposits < 8) {
            String id = deposits > 0 && random.nextInt(10) == 0 ? "tx-" + random.nextInt(deposits) : "tx-" + deposits;
            deposits++;
            return new Deposit(ts, user, (200 + random.nextInt(1_000)) * USDC, id);
        }
        if (roll < 9) {
            return new Withdraw(ts, user, (1 + random.nextInt(2_000)) * USDC);
        }
        if (roll < 12) {
            return new SetLeverage(ts, user, MARKET, 1 + random.nextInt(25));
        }
        if (roll < 18) {
            int bps = random.nextInt(8) == 0 ? 2_500 : 300;
            long move = mark * (random.nextInt(2 * bps + 1) - bps) / 10_000;
            mark = Math.max(10_000, (mark + move) / 5 * 5);
            return new UpdateMarkPrice(ts, "0xfeed", MARKET, mark);
        }
        if (roll < 20) {
            return new ApplyFunding(ts, "0xfeed", MARKET, random.nextLong(-50_000, 50_001));
        }
        if (roll < 23) {
            return new CancelAll(ts, user, MARKET);
        }
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        long size = (1 + random.nextInt(200)) * 100L; // 0.01 .. 2 ETH
        if (roll < 35) {
            return PlaceOrder.market(ts, user, MARKET, side, size);
        }
        long offset = random.nextInt(60) * 5L * (side == Side.BUY ? -1 : 1);
        return PlaceOrder.limit(ts, user, MARKET, side, Math.max(5, mark + offset), size);
    }
}
