package io.hyperperp.core.risk;


import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Predicts what a command must do to accounts from {@link RiskReference}, then walks the engine's
 * events, checking each risk event's numbers against the model and applying it, and finally
 * compares the accounts.
 */
final class RiskChecker {

    private final RiskReference model;
    private final RiskSettings settings;
    private final RiskPredictor predictor;

    /** The command's expected risk events as "user size amount" lines, or null if it expects none. */
    private List<String> expected;
    /** The expected rejection, or null. */
    private RejectReason expectedRejection;
    /** For orders and amends in margined markets: whether the margin check must refuse it. */
    private Boolean marginRefuses;
    private final Set<String> touched = new HashSet<>();
    private long commandCount;

    // liquidation progress within one command
    private String liquidating;
    private final Set<Long> liquidationOrders = new HashSet<>();
    private BigInteger pendingFee;
    private List<BigInteger> adlRanking;
    private BigInteger adlPay;
    private BigInteger adlPaid;
    private BigInteger adlRemaining;
    private BigInteger adlTotal;

    RiskChecker(RiskReference model, RiskSettings settings) {
        this.model = model;
        this.settings = settings;
        this.predictor = new RiskPredictor(model, settings);
    }

    void before(Command command) {
        predictor.predict(command);
        expected = predictor.expected;
        expectedRejection = predictor.expectedRejection;
        marginRefuses = predictor.marginRefuses;
        touched.clear();
        touched.add(command.userAddress());
    }

    private static String line(String user, long size, long amount, BigInteger collateral) {
        return RiskPredictor.line(user, size, amount, collateral);
    }

    // ---- after ---------------------------------------------------------------------------------

    void after(Command command, List<EngineEvent> events, MatchingEngine engine) {
        commandCount++;
        liquidating = null;
        liquidationOrders.clear();
        pendingFee = null;
        adlRanking = null;
        RejectReason rejection = RiskDifferentialTest.rejectionOf(events, command);
        if (expectedRejection != null) {
            expectLazy(rejection == expectedRejection, () -> "expected rejection " + expectedRejection + ", got " + events);
        }
        if (marginRefuses != null && rejection != null && rejection != RejectReason.INSUFFICIENT_MARGIN) {
            marginRefuses = null; // refused earlier for another reason
        }
        if (marginRefuses != null) {
            expectLazy(marginRefuses == (rejection == RejectReason.INSUFFICIENT_MARGIN), () ->
                    "margin check: model refuses=" + marginRefuses + ", engine " + rejection);
        }
        List<String> accountLines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.Risk r) {
                String l = applyRisk(r.event(), command);
                if (l != null) {
                    accountLines.add(l);
                }
            } else {
                applyEngineEvent(e, i + 1 < events.size() ? events.get(i + 1) : null);
            }
        }
        expectLazy(pendingFee == null, () -> "a liquidation fill without its fee event");
        if (expected != null) {
            if (command instanceof ApplyFunding) {
                expectLazy(new java.util.TreeSet<>(accountLines).equals(new java.util.TreeSet<>(expected))
                        && accountLines.size() == expected.size(), () -> "funding: expected " + expected + " got " + accountLines);
            } else {
                expectLazy(accountLines.equals(expected), () -> "expected " + expected + " got " + accountLines);
            }
        }
        check(engine);
    }

    private void applyEngineEvent(EngineEvent e, EngineEvent next) {
        if (e instanceof EngineEvent.OrderAccepted a) {
            model.putOrder(a.order());
            touched.add(a.order().userAddress());
            if (a.order().userAddress().equals(liquidating)) {
                liquidationOrders.add(a.order().orderId());
            }
        } else if (e instanceof EngineEvent.Fill f) {
            model.putOrder(f.taker());
            model.putOrder(f.maker());
            touched.add(f.maker().userAddress());
            model.lastTrades.put(f.marketId(), f.price());
            if (model.margined(f.marketId())) {
                bookFill(f);
            }
        } else if (e instanceof EngineEvent.OrderFilled f) {
            model.removeOrder(f.order());
        } else if (e instanceof EngineEvent.OrderCancelled c) {
            model.removeOrder(c.order());
        } else if (e instanceof EngineEvent.OrderAmended a) {
            model.putOrder(a.order());
        } else if (e instanceof EngineEvent.MarkPriceUpdated m) {
            model.marks.put(m.marketId(), m.markPrice());
        }
    }

    private void bookFill(EngineEvent.Fill f) {
        long m = f.marketId();
        MarketSpec spec = model.specs.get(m);
        BigInteger quote = model.quote(m, BigInteger.valueOf(f.price()), BigInteger.valueOf(f.size()), RoundingMode.FLOOR);
        BigInteger size = BigInteger.valueOf(f.size());
        RiskReference.Account taker = model.account(f.taker().userAddress());
        RiskReference.Account maker = model.account(f.maker().userAddress());
        boolean takerBuys = f.taker().side() == Side.BUY;
        model.trade(taker, m, takerBuys ? size : size.negate(), takerBuys ? quote : quote.negate());
        model.trade(maker, m, takerBuys ? size.negate() : size, takerBuys ? quote.negate() : quote);
        BigInteger takerFee = RiskReference.fee(quote, spec.takerFeeBps());
        BigInteger makerFee = RiskReference.fee(quote, spec.makerFeeBps());
        taker.collateral = taker.collateral.subtract(takerFee);
        maker.collateral = maker.collateral.subtract(makerFee);
        RiskReference.Account fees = model.account(settings.feeAddress());
        fees.collateral = fees.collateral.add(takerFee).add(makerFee);
        if (liquidationOrders.contains(f.taker().orderId())) {
            BigInteger fee = RiskReference.div(quote.multiply(BigInteger.valueOf(spec.risk().liquidationFeeBps())),
                    RiskReference.BPS, RoundingMode.CEILING);
            pendingFee = fee.min(model.equity(taker).max(BigInteger.ZERO));
        }
    }

    private String applyRisk(RiskEvent e, Command command) {
        RiskReference.Account a = model.account(e.userAddress());
        touched.add(e.userAddress());
        switch (e.kind()) {
            case DEPOSIT -> {
                a.collateral = a.collateral.add(BigInteger.valueOf(e.amount()));
                model.netDeposits = model.netDeposits.add(BigInteger.valueOf(e.amount()));
                model.depositIds.add(e.reference());
                expectLazy(a.collateral.equals(BigInteger.valueOf(e.collateral())), () -> "deposit collateral");
                return line(e.userAddress(), 0, e.amount(), a.collateral);
            }
            case WITHDRAWAL -> {
                a.collateral = a.collateral.subtract(BigInteger.valueOf(e.amount()));
                model.netDeposits = model.netDeposits.subtract(BigInteger.valueOf(e.amount()));
                return line(e.userAddress(), 0, e.amount(), a.collateral);
            }
            case LEVERAGE_SET -> {
                model.pos(a, e.marketId()).leverage = (int) e.size();
                return line(e.userAddress(), e.size(), 0, a.collateral);
            }
            case FUNDING -> {
                a.collateral = a.collateral.subtract(BigInteger.valueOf(e.amount()));
                expectLazy(a.collateral.equals(BigInteger.valueOf(e.collateral())), () -> "funding collateral");
                return e.userAddress() + " " + e.size() + " " + e.amount();
            }
            case ACCOUNT_LIQUIDATED -> {
                BigInteger equity = model.equity(a);
                BigInteger maintenance = model.maintenance(a);
                expectLazy(equity.equals(BigInteger.valueOf(e.amount())) && maintenance.equals(BigInteger.valueOf(e.margin())), () ->
                        "liquidated at equity " + e.amount() + "/" + e.margin() + ", model " + equity + "/" + maintenance);
                expectLazy(equity.compareTo(maintenance) < 0, () -> "liquidated above maintenance");
                liquidating = e.userAddress();
                return null;
            }
            case LIQUIDATION_FEE -> {
                expectLazy(pendingFee != null && pendingFee.equals(BigInteger.valueOf(e.amount())), () ->
                        "liquidation fee " + e.amount() + ", model " + pendingFee);
                pendingFee = null;
                a.collateral = a.collateral.subtract(BigInteger.valueOf(e.amount()));
                RiskReference.Account fund = model.account(settings.insuranceAddress());
                fund.collateral = fund.collateral.add(BigInteger.valueOf(e.amount()));
                return null;
            }
            case TAKEOVER -> {
                takeover(e, a);
                return null;
            }
            case ADL -> {
                adl(e);
                return null;
            }
            default -> throw new AssertionError("unexpected kind " + e.kind());
        }
    }

    private void takeover(RiskEvent e, RiskReference.Account a) {
        expectLazy(e.userAddress().equals(liquidating), () -> "takeover outside a liquidation");
        RiskReference.Account fund = model.account(settings.insuranceAddress());
        if (e.size() == 0) {
            expectLazy(!model.hasPositions(a) && a.collateral.signum() < 0
                    && a.collateral.equals(BigInteger.valueOf(e.amount())), () -> "deficit cover " + e);
            fund.collateral = fund.collateral.add(a.collateral);
            a.collateral = BigInteger.ZERO;
            return;
        }
        RiskReference.Pos p = model.pos(a, e.marketId());
        BigInteger equity = model.equity(a);
        BigInteger pay = model.value(e.marketId(), p).subtract(equity);
        expectLazy(BigInteger.valueOf(e.size()).equals(p.size.negate()) && BigInteger.valueOf(e.amount()).equals(pay.negate()), () ->
                "takeover " + e + ", model size " + p.size + " pay " + pay);
        expectLazy(equity.signum() >= 0 || model.equity(fund).add(equity).signum() >= 0, () -> "fund cannot cover " + e);
        BigInteger size = p.size;
        model.trade(fund, e.marketId(), size, pay);
        model.trade(a, e.marketId(), size.negate(), pay.negate());
    }

    private void adl(RiskEvent e) {
        RiskReference.Account a = model.account(e.counterparty());
        RiskReference.Account c = model.account(e.userAddress());
        expectLazy(e.counterparty().equals(liquidating), () -> "ADL outside a liquidation");
        RiskReference.Pos p = model.pos(a, e.marketId());
        if (adlRanking == null) {
            BigInteger equity = model.equity(a);
            RiskReference.Account fund = model.account(settings.insuranceAddress());
            expectLazy(fund == a || (equity.signum() < 0 && model.equity(fund).add(equity).signum() < 0), () ->
                    "ADL although the fund covers it");
            adlPay = model.value(e.marketId(), p).subtract(equity);
            adlPaid = BigInteger.ZERO;
            adlTotal = p.size.abs();
            adlRemaining = adlTotal;
            adlRanking = new ArrayList<>();
            for (RiskReference.Account h : model.accounts.values()) {
                RiskReference.Pos hp = h.markets.get(e.marketId());
                if (h != a && hp != null && hp.size.signum() != 0 && hp.size.signum() != p.size.signum()) {
                    adlRanking.add(model.value(e.marketId(), hp).subtract(hp.entryCost));
                }
            }
            adlRanking.sort(java.util.Comparator.reverseOrder());
        }
        RiskReference.Pos cp = model.pos(c, e.marketId());
        BigInteger upnl = model.value(e.marketId(), cp).subtract(cp.entryCost);
        expectLazy(!adlRanking.isEmpty() && adlRanking.remove(0).equals(upnl), () -> "ADL ranking: " + upnl + " vs " + adlRanking);
        BigInteger quantity = cp.size.abs().min(adlRemaining);
        adlRemaining = adlRemaining.subtract(quantity);
        BigInteger part = adlRemaining.signum() == 0 ? adlPay.subtract(adlPaid)
                : RiskReference.towardZero(adlPay, quantity, adlTotal);
        adlPaid = adlPaid.add(part);
        BigInteger moved = p.size.signum() > 0 ? quantity : quantity.negate();
        expectLazy(BigInteger.valueOf(e.size()).equals(moved) && BigInteger.valueOf(e.amount()).equals(part), () ->
                "ADL " + e + ", model moved " + moved + " part " + part);
        model.trade(c, e.marketId(), moved, part);
        model.trade(a, e.marketId(), moved.negate(), part.negate());
        if (adlRemaining.signum() == 0) {
            adlRanking = null;
        }
    }

    // ---- accounts ------------------------------------------------------------------------------

    private void check(MatchingEngine engine) {
        expectLazy(engine.conservedTotal() == engine.netDeposits(), () -> "engine conservation");
        expectLazy(model.conserved().equals(model.netDeposits), () -> "model conservation");
        expectLazy(BigInteger.valueOf(engine.netDeposits()).equals(model.netDeposits), () -> "net deposits");
        for (Map.Entry<String, RiskReference.Account> e : model.accounts.entrySet()) {
            RiskReference.Account a = e.getValue();
            boolean system = e.getKey().equals(settings.insuranceAddress()) || e.getKey().equals(settings.feeAddress());
            if (!system && model.hasPositions(a)) {
                expectLazy(model.equity(a).compareTo(model.maintenance(a)) >= 0, () -> e.getKey() + " left below maintenance");
            }
        }
        boolean all = commandCount % 500 == 0;
        if (all) {
            for (long market : model.specs.keySet()) {
                long interest = openInterest(market);
                expectLazy(engine.openInterest(market) == interest || engine.openInterest(market) == -1
                        && (interest == 0 || !model.margined(market)), () -> "open interest of " + market + ": engine "
                        + engine.openInterest(market) + " model " + interest);
            }
        }
        for (String user : all ? model.accounts.keySet() : touched) {
            if (!all && user.equals("0xmm") && commandCount % 50 != 0) {
                continue; // the market maker has hundreds of orders: compared every 50 commands
            }
            RiskReference.Account a = model.accounts.get(user);
            if (a != null) {
                compare(engine, user, a);
            }
        }
    }

    /** Σ of the model's long positions in a market (-1 without margin). */
    private long openInterest(long market) {
        if (!model.margined(market)) {
            return -1;
        }
        BigInteger longs = BigInteger.ZERO;
        for (RiskReference.Account a : model.accounts.values()) {
            RiskReference.Pos p = a.markets.get(market);
            if (p != null && p.size.signum() > 0) {
                longs = longs.add(p.size);
            }
        }
        return longs.longValueExact();
    }

    private static void expectLazy(boolean condition, java.util.function.Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }

    void compareAccounts(MatchingEngine engine) {
        model.accounts.forEach((user, a) -> compare(engine, user, a));
    }

    private void compare(MatchingEngine engine, String user, RiskReference.Account a) {
        AccountView view = engine.account(user).orElse(null);
        if (view == null) {
            expectLazy(a.collateral.signum() == 0 && !model.hasPositions(a), () -> user + " missing in the engine");
            return;
        }
        expectLazy(BigInteger.valueOf(view.collateral()).equals(a.collateral), () ->
                user + " collateral " + view.collateral() + " model " + a.collateral);
        expectLazy(BigInteger.valueOf(view.equity()).equals(model.equity(a)), () -> user + " equity");
        expectLazy(BigInteger.valueOf(view.maintenanceMargin()).equals(model.maintenance(a)), () -> user + " maintenance");
        expectLazy(BigInteger.valueOf(view.marginUsed()).equals(model.marginUsed(user, a, null, -1)), () ->
                user + " margin used " + view.marginUsed() + " model " + model.marginUsed(user, a, null, -1));
        for (AccountView.PositionView p : view.positions()) {
            RiskReference.Pos mp = a.markets.get(p.marketId());
            BigInteger size = mp == null ? BigInteger.ZERO : mp.size;
            BigInteger cost = mp == null ? BigInteger.ZERO : mp.entryCost;
            expectLazy(BigInteger.valueOf(p.size()).equals(size) && BigInteger.valueOf(p.entryCost()).equals(cost), () ->
                    user + " position in " + p.marketId() + ": " + p + " model " + size + "/" + cost);
            expectLazy(p.size() == engine.position(user, p.marketId()), () -> user + " engine position map");
            if (mp != null) {
                expectLazy(p.leverage() == mp.leverage, () -> user + " leverage");
            }
        }
    }
}
