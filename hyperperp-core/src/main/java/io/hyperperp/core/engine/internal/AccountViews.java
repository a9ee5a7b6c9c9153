package io.hyperperp.core.engine.internal;

import io.hyperperp.core.risk.AccountView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link AccountView}s (queries; not on the hot path). */
public final class AccountViews {

    private AccountViews() {
    }

    /** The account of an address, or null if it never held collateral or traded in a margined market. */
    public static AccountView of(EngineState state, String address) {
        UserAccount user = state.existingUser(address);
        MarginAccount account = user == null ? null : user.margin;
        if (account == null) {
            return null;
        }
        long equity = MarginMath.equity(account);
        long maintenance = MarginMath.maintenance(account);
        List<AccountView.PositionView> positions = new ArrayList<>();
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            long value = MarginMath.value(p);
            positions.add(new AccountView.PositionView(p.book.marketId, p.size, entryPrice(p), p.entryCost,
                    MarginMath.price(p.book), p.size == 0 ? 0 : value - p.entryCost, p.leverage,
                    MarginBook.liquidationPrice(p, equity, maintenance)));
        }
        long used = MarginMath.marginUsed(account);
        return new AccountView(address, account.collateral, equity, used, maintenance,
                equity - used, positions);
    }

    private static long entryPrice(MarginPosition p) {
        if (p.size == 0) {
            return 0;
        }
        BigInteger numerator = BigInteger.valueOf(Math.abs(p.entryCost)).multiply(p.book.scale.unitsPerCollateral());
        BigInteger denominator = BigInteger.valueOf(Math.abs(p.size)).multiply(BigInteger.valueOf(p.book.scale.multiplier()));
        return numerator.divide(denominator).longValue();
    }
}
