package io.hyperperp.server.collateral;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.core.settlement.SettlementPrices;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The mirror of the contract's pooled ledger entries when settlement targets the deployed
 * {@code apply_batch}: deposits seen (the {@link DepositLedger}) plus every fill's transfer, settled
 * or still in flight. {@code apply_batch} moves each fill's notional, {@code size × price_x / 1e8}
 * with the size in the market's base units, from the taker's entry to the maker's and aborts the
 * whole batch when a taker's entry is short; an order is therefore refused unless the user's entry,
 * less what its open orders may take, covers the order's worst case ({@link #chainNotional}).
 * Withdrawals ({@code withdraw_for}) take from the entry from the moment they are requested until
 * they fail. Fills are booked from committed groups, on the commit thread; after a restart the
 * mirror is rebuilt from the stored trades and withdrawals ({@link #load}). Thread-safe.
 */
public final class SettlementGuard implements GroupListener {

    private static final BigInteger PX_SCALE = BigInteger.TEN.pow(8);

    private final DepositLedger deposits;
    private final MarketRegistry markets;
    private final Map<String, BigInteger> transfers = new HashMap<>();
    private final Map<String, BigInteger> withdrawn = new HashMap<>();

    /** A guard over the deposits credited to {@code deposits}, with the decimals of {@code markets}. */
    public SettlementGuard(DepositLedger deposits, MarketRegistry markets) {
        this.deposits = deposits;
        this.markets = markets;
    }

    @Override
    public void onCommitted(ProcessedGroup group) {
        for (EngineEvent e : group.events()) {
            if (e instanceof EngineEvent.Fill f) {
                BigInteger n = chainNotional(f.marketId(), f.size(), f.price());
                synchronized (this) {
                    transfers.merge(f.taker().userAddress(), n.negate(), BigInteger::add);
                    transfers.merge(f.maker().userAddress(), n, BigInteger::add);
                }
            }
        }
    }

    /**
     * Rebuilds the transfers from every stored trade and the withdrawals from the stored ones,
     * replacing what this guard counted so far (call it before the server takes requests).
     */
    public void load(CollateralStore store) {
        Map<String, BigInteger> t = new HashMap<>();
        store.forEachTrade((marketId, taker, maker, price, size) -> {
            MarketSpec spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
            // Stored at the market's decimals; rounded up should the market's decimals have shrunk since.
            BigInteger n = chainNotional(marketId,
                    size.movePointRight(spec.sizeDecimals()).setScale(0, java.math.RoundingMode.UP).longValueExact(),
                    price.movePointRight(spec.priceDecimals()).setScale(0, java.math.RoundingMode.UP).longValueExact());
            t.merge(taker, n.negate(), BigInteger::add);
            t.merge(maker, n, BigInteger::add);
        });
        Map<String, BigInteger> w = store.withdrawnByUser();
        synchronized (this) {
            transfers.clear();
            transfers.putAll(t);
            withdrawn.clear();
            withdrawn.putAll(w);
        }
    }

    /** The user's ledger entry as the contract will hold it once every fill and withdrawal so far is settled. */
    public synchronized BigInteger entry(String user) {
        return deposits.balance(user).add(transfers.getOrDefault(user, BigInteger.ZERO))
                .subtract(withdrawn.getOrDefault(user, BigInteger.ZERO));
    }

    /**
     * What {@code withdraw_for} can pay the user: its ledger entry, and at most its own deposits less
     * its withdrawals ({@code Account.collateral}, which the contract also debits and fills never move).
     */
    public synchronized BigInteger withdrawable(String user) {
        return entry(user).min(deposits.balance(user).subtract(withdrawn.getOrDefault(user, BigInteger.ZERO)));
    }

    /** A withdrawal takes {@code amount} from the user's entry (requested). */
    public synchronized void withdrawing(String user, BigInteger amount) {
        withdrawn.merge(user, amount, BigInteger::add);
    }

    /** A withdrawal that took {@code amount} failed or was refused: the entry has it again. */
    public synchronized void restored(String user, BigInteger amount) {
        withdrawn.merge(user, amount.negate(), BigInteger::add);
    }

    /**
     * What {@code apply_batch} moves for a fill of {@code size} at {@code price} (both at the
     * market's scale): {@code size × price_x / 1e8}, rounded down as the contract does.
     */
    public BigInteger chainNotional(long marketId, long size, long price) {
        MarketSpec spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
        long priceX;
        try {
            priceX = SettlementPrices.priceX(price, spec.priceDecimals());
        } catch (ArithmeticException e) {
            // A price without an exact 8-decimal form cannot settle on chain at all; count it at the next unit up.
            priceX = Math.addExact(price / pow10(spec.priceDecimals() - 8), 1);
        }
        return BigInteger.valueOf(size).multiply(BigInteger.valueOf(priceX)).divide(PX_SCALE);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p = Math.multiplyExact(p, 10);
        }
        return p;
    }
}
