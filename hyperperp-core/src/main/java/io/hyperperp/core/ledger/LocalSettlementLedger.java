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
    private final LongHashSet settledTrades = new LongHashSet();

    /** A ledger for the given markets. */
    public LocalSettlementLedger(MarketRegistry markets) {
        this.markets = markets;
    }

    @Override
    public synchronized CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
        return CompletableFuture.completedFuture(apply(batch));
    }

    /** Applies a batch synchronously and returns the outcome (also used to rebuild after restart). */
    public synchronized SettlementOutcome apply(SettlementBatch batch) {
        String hash = "local:" + batch.batchId();
        if (appliedBatches.contains(batch.batchId())) {
            return SettlementOutcome.confirmed(hash);
        }
        if (batch.oracleTs() > batch.expiry()) {
            return SettlementOutcome.expired(hash, "E_BATCH_EXPIRED");
        }
        for (SettlementFill fill : batch.fills()) {
            if (fill.priceX() < batch.minPx() || fill.priceX() > batch.maxPx()) {
                return SettlementOutcome.fillRejected(hash, "E_PRICE_OUT_OF_BOUNDS");
            }
            if (settledTrades.contains(fill.tradeId())) {
                return SettlementOutcome.fatal(hash, "trade " + fill.tradeId() + " is already settled");
            }
        }
        try {
            for (SettlementFill fill : batch.fills()) {
                applyFill(fill);
            }
        } catch (ArithmeticException e) {
            return SettlementOutcome.fatal(hash, "ledger overflow: " + e.getMessage());
        }
        appliedBatches.add(batch.batchId());
        for (SettlementFill fill : batch.fills()) {
            settledTrades.add(fill.tradeId());
        }
        return SettlementOutcome.confirmed(hash);
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
        Account taker = account(fill.taker());
        Account maker = account(fill.maker());
        taker.trade(fill.marketId(), takerDelta, fill.priceX(), sizeUnit, takerFee);
        maker.trade(fill.marketId(), -takerDelta, fill.priceX(), sizeUnit, makerFee);
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

        void trade(long marketId, long signedSize, long priceX, long sizeUnit, long fee) {
            PositionAccount p = positions.getIfAbsentPut(marketId, PositionAccount::new);
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
            long entryPart = FixedPoint.mulDivFloor(entryNotional, closing, held);
            long exitNotional = FixedPoint.mulDivFloor(priceX, closing, sizeUnit);
            long pnl = size > 0 ? exitNotional - entryPart : entryPart - exitNotional;
            realizedPnl = Math.addExact(realizedPnl, pnl);
            entryNotional -= entryPart;
            size = Math.addExact(size, delta);
            if (quantity > closing) {
                entryNotional = FixedPoint.mulDivFloor(priceX, quantity - closing, sizeUnit);
            } else if (size == 0) {
                entryNotional = 0;
            }
        }
    }
}
