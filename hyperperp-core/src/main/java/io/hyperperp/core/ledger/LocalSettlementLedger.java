package io.hyperperp.core.ledger;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * The default {@link SettlementSink} when no chain is configured: applies batches to an in-memory
 * ledger modelled on the HyperPerp contract. It checks what {@code apply_batch} checks
 * ({@code oracle_ts <= expiry}, every {@code price_x} within {@code [min_px, max_px]}), keeps
 * positions with average-cost entry and realised PnL, and charges fees: the taker pays the fill's
 * {@code fee_bps}, the maker pays (or, if negative, receives) the market's maker fee. Unlike the
 * deployed contract it uses the real taker side. A batch is applied at most once.
 */
public final class LocalSettlementLedger implements SettlementSink {

    private final MarketRegistry markets;
    private final Map<String, Account> accounts = new HashMap<>();
    private final LongObjectHashMap<MarketSpec> specs = new LongObjectHashMap<>();
    private final LongHashSet appliedBatches = new LongHashSet();
    private final SettledTrades settledTrades = new SettledTrades();
    private final UndoLog undo = new UndoLog();

    /** A ledger for the given markets. */
    public LocalSettlementLedger(MarketRegistry markets) {
        this.markets = markets;
    }

    @Override
    public synchronized CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
        return CompletableFuture.completedFuture(apply(batch));
    }

    /**
     * Applies a batch synchronously and returns the outcome. All or nothing, like a Move
     * transaction: a batch that fails a check or overflows changes nothing.
     */
    public synchronized SettlementOutcome apply(SettlementBatch batch) {
        String hash = "local:" + batch.batchId();
        if (appliedBatches.contains(batch.batchId())) {
            return SettlementOutcome.confirmed(hash);
        }
        if (batch.oracleTs() > batch.expiry()) {
            return SettlementOutcome.expired(hash, "E_BATCH_EXPIRED");
        }
        List<SettlementFill> fills = batch.fills();
        int n = fills.size();
        for (int i = 0; i < n; i++) {
            SettlementFill fill = fills.get(i);
            if (fill.priceX() < batch.minPx() || fill.priceX() > batch.maxPx()) {
                return SettlementOutcome.fillRejected(hash, "E_PRICE_OUT_OF_BOUNDS");
            }
        }
        // The batch's trades are marked settled as they are checked (one look-up each; a trade listed twice finds
        // its own mark), and unmarked again if the batch fails: those before the failing one are this batch's marks.
        for (int i = 0; i < n; i++) {
            long tradeId = fills.get(i).tradeId();
            if (!settledTrades.add(tradeId)) {
                unsettle(fills, i);
                return SettlementOutcome.fatal(hash, "trade " + tradeId
                        + (listedBefore(fills, i) ? " appears twice in the batch" : " is already settled"));
            }
        }
        undo.clear();
        try {
            for (int i = 0; i < n; i++) {
                applyFill(fills.get(i));
            }
        } catch (ArithmeticException e) {
            undo.rollBack();
            unsettle(fills, n);
            return SettlementOutcome.fatal(hash, "ledger overflow: " + e.getMessage());
        }
        appliedBatches.add(batch.batchId());
        return SettlementOutcome.confirmed(hash);
    }

    private static boolean listedBefore(List<SettlementFill> fills, int index) {
        long tradeId = fills.get(index).tradeId();
        for (int j = 0; j < index; j++) {
            if (fills.get(j).tradeId() == tradeId) {
                return true;
            }
        }
        return false;
    }

    /** Unmarks the trades of the batch's first {@code count} fills, which this batch marked. */
    private void unsettle(List<SettlementFill> fills, int count) {
        for (int j = 0; j < count; j++) {
            settledTrades.remove(fills.get(j).tradeId());
        }
    }

    private void applyFill(SettlementFill fill) {
        MarketSpec spec = spec(fill.marketId());
        long sizeUnit = FixedPoint.powerOfTen(spec.sizeDecimals());
        long notional = FixedPoint.mulDivFloor(fill.priceX(), fill.size(), sizeUnit);
        long takerFee = FixedPoint.mulDivCeil(notional, fill.feeBps(), MarketSpec.BPS);
        int makerBps = spec.makerFeeBps();
        long makerFee = makerBps >= 0 ? FixedPoint.mulDivCeil(notional, makerBps, MarketSpec.BPS)
                : -FixedPoint.mulDivFloor(notional, -makerBps, MarketSpec.BPS);
        long takerDelta = fill.takerSide() == Side.BUY ? fill.size() : -fill.size();
        account(fill.taker()).trade(fill.marketId(), takerDelta, fill.priceX(), sizeUnit, takerFee, undo);
        account(fill.maker()).trade(fill.marketId(), -takerDelta, fill.priceX(), sizeUnit, makerFee, undo);
    }

    private MarketSpec spec(long marketId) {
        MarketSpec spec = specs.get(marketId);
        if (spec == null) {
            spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
            specs.put(marketId, spec);
        }
        return spec;
    }

    private Account account(String user) {
        return accounts.computeIfAbsent(user, Account::new);
    }

    /** A user's positions (including closed ones with realised PnL), by market. */
    public synchronized List<LedgerPosition> positions(String user) {
        Account account = accounts.get(user);
        List<LedgerPosition> out = new ArrayList<>();
        if (account != null) {
            account.positions.forEachKeyValue((market, p) ->
                    out.add(new LedgerPosition(user, market, p.size, p.entryNotional, p.realizedPnl)));
            out.sort(Comparator.comparingLong(LedgerPosition::marketId));
        }
        return out;
    }

    /** A user's position in one market (zero if none). */
    public synchronized LedgerPosition position(String user, long marketId) {
        Account account = accounts.get(user);
        PositionAccount p = account == null ? null : account.positions.get(marketId);
        return p == null ? new LedgerPosition(user, marketId, 0, 0, 0)
                : new LedgerPosition(user, marketId, p.size, p.entryNotional, p.realizedPnl);
    }

    /** A user's realised PnL and fees. */
    public synchronized LedgerBalance balance(String user) {
        Account account = accounts.get(user);
        if (account == null) {
            return new LedgerBalance(user, 0, 0);
        }
        long pnl = 0;
        for (PositionAccount p : account.positions.values()) {
            pnl = Math.addExact(pnl, p.realizedPnl);
        }
        return new LedgerBalance(user, pnl, account.feesPaid);
    }

    /** Number of distinct trades settled. */
    public synchronized int settledTradeCount() {
        return settledTrades.size();
    }

    /** True if a trade was settled. */
    public synchronized boolean isSettled(long tradeId) {
        return settledTrades.contains(tradeId);
    }

    private static final class Account {
        final String user;
        final LongObjectHashMap<PositionAccount> positions = new LongObjectHashMap<>(2);
        long feesPaid;

        Account(String user) {
            this.user = user;
        }

        void trade(long marketId, long signedSize, long priceX, long sizeUnit, long fee, UndoLog undo) {
            PositionAccount p = positions.getIfAbsentPut(marketId, PositionAccount::new);
            undo.note(this, p);
            p.apply(signedSize, priceX, sizeUnit);
            feesPaid = Math.addExact(feesPaid, fee);
        }
    }

    /** Average-cost accounting of one position. */
    private static final class PositionAccount {
        long size;
        long entryNotional;
        long realizedPnl;

        void apply(long delta, long priceX, long sizeUnit) {
            long quantity = Math.abs(delta);
            if (size == 0 || Long.signum(size) == Long.signum(delta)) {
                entryNotional = Math.addExact(entryNotional, FixedPoint.mulDivFloor(priceX, quantity, sizeUnit));
                size = Math.addExact(size, delta);
                return;
            }
            long held = Math.abs(size);
            long closing = Math.min(held, quantity);
            long entryPart = closing == held ? entryNotional : FixedPoint.mulDivFloor(entryNotional, closing, held);
            long exitNotional = FixedPoint.mulDivFloor(priceX, closing, sizeUnit);
            long pnl = size > 0 ? Math.subtractExact(exitNotional, entryPart) : Math.subtractExact(entryPart, exitNotional);
            long newRealized = Math.addExact(realizedPnl, pnl);
            long newSize = Math.addExact(size, delta);
            long newEntry = quantity > closing ? FixedPoint.mulDivFloor(priceX, quantity - closing, sizeUnit)
                    : entryNotional - entryPart;
            realizedPnl = newRealized;
            size = newSize;
            entryNotional = newEntry;
        }
    }

    /** What the fills of the batch being applied changed, to put it back if the batch fails. */
    private static final class UndoLog {
        private Account[] accounts = new Account[64];
        private PositionAccount[] positions = new PositionAccount[64];
        private long[] values = new long[64 * 4];
        private int count;

        void clear() {
            java.util.Arrays.fill(accounts, 0, count, null);
            java.util.Arrays.fill(positions, 0, count, null);
            count = 0;
        }

        void note(Account account, PositionAccount position) {
            if (count == accounts.length) {
                accounts = java.util.Arrays.copyOf(accounts, count * 2);
                positions = java.util.Arrays.copyOf(positions, count * 2);
                values = java.util.Arrays.copyOf(values, count * 8);
            }
            accounts[count] = account;
            positions[count] = position;
            values[count * 4] = position.size;
            values[count * 4 + 1] = position.entryNotional;
            values[count * 4 + 2] = position.realizedPnl;
            values[count * 4 + 3] = account.feesPaid;
            count++;
        }

        void rollBack() {
            for (int i = count - 1; i >= 0; i--) {
                positions[i].size = values[i * 4];
                positions[i].entryNotional = values[i * 4 + 1];
                positions[i].realizedPnl = values[i * 4 + 2];
                accounts[i].feesPaid = values[i * 4 + 3];
            }
            clear();
        }
    }
}
