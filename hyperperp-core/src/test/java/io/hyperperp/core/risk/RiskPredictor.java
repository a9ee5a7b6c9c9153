package io.hyperperp.core.risk;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a command must do to accounts, computed from {@link RiskReference} before the engine runs
 * it: the risk events of account commands (as "user size amount -> collateral" lines), the
 * rejection, and for orders and amends in margined markets whether the margin check refuses them.
 */
final class RiskPredictor {

    static final long MAX_NET_DEPOSITS = Long.MAX_VALUE / 4;

    private final RiskReference model;
    private final RiskSettings settings;

    /** The command's expected risk events, or null if it expects none in particular. */
    List<String> expected;
    /** The expected rejection, or null. */
    RejectReason expectedRejection;
    /** For orders and amends in margined markets: whether the margin check must refuse it. */
    Boolean marginRefuses;

    RiskPredictor(RiskReference model, RiskSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Predicts the outcome of {@code command} from the model as it is before the command. */
    void predict(Command command) {
        expected = null;
        expectedRejection = null;
        marginRefuses = null;
        if (command instanceof Deposit d) {
            predictDeposit(d);
        } else if (command instanceof Withdraw w) {
            predictWithdraw(w);
        } else if (command instanceof SetLeverage l) {
            predictLeverage(l);
        } else if (command instanceof ApplyFunding f) {
            predictFunding(f);
        } else if (command instanceof PlaceOrder p && model.margined(p.marketId())) {
            predictPlace(p);
        } else if (command instanceof AmendOrder a) {
            predictAmend(a);
        }
    }

    private RiskReference.Account existing(String user) {
        return model.accounts.get(user);
    }

    private void predictDeposit(Deposit d) {
        if (d.userAddress().isEmpty()) {
            expectedRejection = RejectReason.INVALID_USER;
        } else if (d.amount() <= 0) {
            expectedRejection = RejectReason.INVALID_AMOUNT;
        } else if (!Deposit.isValidId(d.depositId())) {
            expectedRejection = RejectReason.INVALID_DEPOSIT_ID;
        } else if (model.depositIds.contains(d.depositId())) {
            expected = List.of();
        } else if (BigInteger.valueOf(d.amount()).compareTo(
                BigInteger.valueOf(MAX_NET_DEPOSITS).subtract(model.netDeposits)) > 0) {
            expectedRejection = RejectReason.AMOUNT_TOO_LARGE;
        } else {
            RiskReference.Account a = existing(d.userAddress());
            BigInteger after = (a == null ? BigInteger.ZERO : a.collateral).add(BigInteger.valueOf(d.amount()));
            expected = List.of(line(d.userAddress(), 0, d.amount(), after));
        }
    }

    private void predictWithdraw(Withdraw w) {
        RiskReference.Account a = existing(w.userAddress());
        BigInteger free = a == null ? BigInteger.ZERO
                : model.equity(a).subtract(model.marginUsed(w.userAddress(), a, null, -1));
        if (w.amount() <= 0) {
            expectedRejection = RejectReason.INVALID_AMOUNT;
        } else if (BigInteger.valueOf(w.amount()).compareTo(free) > 0) {
            expectedRejection = RejectReason.INSUFFICIENT_FREE_COLLATERAL;
        } else {
            expected = List.of(line(w.userAddress(), 0, w.amount(), a.collateral.subtract(BigInteger.valueOf(w.amount()))));
        }
    }

    private void predictLeverage(SetLeverage l) {
        MarketSpec spec = model.specs.get(l.marketId());
        if (spec == null) {
            expectedRejection = RejectReason.UNKNOWN_MARKET;
        } else if (!spec.margined()) {
            expectedRejection = RejectReason.MARGIN_DISABLED;
        } else if (l.leverage() < 1 || l.leverage() > spec.risk().maxLeverage()) {
            expectedRejection = RejectReason.INVALID_LEVERAGE;
        } else {
            RiskReference.Account a = model.account(l.userAddress());
            RiskReference.Pos p = model.pos(a, l.marketId());
            int previous = p.leverage;
            BigInteger before = model.marginUsed(l.userAddress(), a, null, -1);
            p.leverage = l.leverage();
            BigInteger after = model.marginUsed(l.userAddress(), a, null, -1);
            p.leverage = previous;
            if (after.compareTo(before) > 0 && after.compareTo(model.equity(a)) > 0) {
                expectedRejection = RejectReason.INSUFFICIENT_MARGIN;
            } else {
                expected = List.of(line(l.userAddress(), l.leverage(), 0, a.collateral));
            }
        }
    }

    private void predictFunding(ApplyFunding f) {
        MarketSpec spec = model.specs.get(f.marketId());
        long rate = f.rate();
        if (spec == null) {
            expectedRejection = RejectReason.UNKNOWN_MARKET;
        } else if (!spec.margined()) {
            expectedRejection = RejectReason.MARGIN_DISABLED;
        } else if (BigInteger.valueOf(rate).abs().compareTo(BigInteger.valueOf(spec.risk().maxFundingRate())) > 0) {
            expectedRejection = RejectReason.INVALID_FUNDING_RATE;
        } else if (model.price(f.marketId()) == 0) {
            expectedRejection = RejectReason.NO_MARK_PRICE;
        } else {
            List<String> lines = new ArrayList<>();
            BigInteger price = BigInteger.valueOf(model.price(f.marketId()));
            BigInteger magnitude = BigInteger.valueOf(Math.abs(rate));
            BigInteger scale = BigInteger.valueOf(RiskSpec.FUNDING_RATE_SCALE);
            BigInteger remainder = BigInteger.ZERO;
            Map<String, BigInteger> collateralAfter = new java.util.HashMap<>();
            for (Map.Entry<String, RiskReference.Account> e : model.accounts.entrySet()) {
                RiskReference.Pos p = e.getValue().markets.get(f.marketId());
                if (p == null || p.size.signum() == 0) {
                    continue;
                }
                boolean pays = (p.size.signum() > 0) == (rate > 0);
                BigInteger amount = pays
                        ? RiskReference.div(model.quote(f.marketId(), price, p.size.abs(), RoundingMode.CEILING)
                        .multiply(magnitude), scale, RoundingMode.CEILING)
                        : RiskReference.div(model.quote(f.marketId(), price, p.size.abs(), RoundingMode.FLOOR)
                        .multiply(magnitude), scale, RoundingMode.FLOOR).negate();
                remainder = remainder.add(amount);
                BigInteger after = collateralAfter.getOrDefault(e.getKey(), e.getValue().collateral).subtract(amount);
                collateralAfter.put(e.getKey(), after);
                lines.add(e.getKey() + " " + p.size + " " + amount);
            }
            if (remainder.signum() != 0) {
                lines.add(settings.insuranceAddress() + " 0 " + remainder.negate());
            }
            expected = lines;
        }
    }

    private void predictPlace(PlaceOrder p) {
        RiskReference.Account a = model.account(p.userAddress());
        RiskReference.Pos pos = model.pos(a, p.marketId());
        long size = p.size();
        if (p.reduceOnly()) {
            long position = pos.size.longValueExact();
            long allowed = p.side() == Side.BUY ? Math.max(0, -position) : Math.max(0, position);
            if (allowed == 0) {
                return;
            }
            size = Math.min(size, allowed);
        }
        long price = p.price();
        if (p.orderType() == OrderType.MARKET && price == PlaceOrder.NO_PRICE) {
            price = protectedPrice(p.marketId(), p.side());
        }
        if (size <= 0 || price < 0) {
            return;
        }
        OrderSnapshot extra = new OrderSnapshot(-1, p.userAddress(), p.marketId(), p.side(), OrderType.LIMIT,
                TimeInForce.GTC, price, size, 0, size, null, false, StpMode.NONE, 0, 0, 0, OrderStatus.PENDING);
        marginRefuses = refuses(p.userAddress(), a, extra, -1);
    }

    private void predictAmend(AmendOrder amend) {
        OrderSnapshot o = model.openOrders.get(amend.orderId());
        if (o == null || !o.userAddress().equals(amend.userAddress()) || !model.margined(o.marketId())) {
            return;
        }
        RiskReference.Account a = model.account(o.userAddress());
        long newPrice = amend.newPrice() == AmendOrder.UNCHANGED ? o.price() : amend.newPrice();
        long newOpen = amend.newSize() == AmendOrder.UNCHANGED ? o.openSize() : amend.newSize();
        if (o.reduceOnly()) {
            long position = model.pos(a, o.marketId()).size.longValueExact();
            newOpen = Math.min(newOpen, o.side() == Side.BUY ? Math.max(0, -position) : Math.max(0, position));
        }
        if (newOpen <= 0 || newPrice <= 0) {
            return;
        }
        OrderSnapshot extra = new OrderSnapshot(-1, o.userAddress(), o.marketId(), o.side(), OrderType.LIMIT,
                TimeInForce.GTC, newPrice, newOpen, 0, newOpen, null, false, StpMode.NONE, 0, 0, 0, OrderStatus.PENDING);
        marginRefuses = refuses(o.userAddress(), a, extra, o.orderId());
    }

    private boolean refuses(String user, RiskReference.Account a, OrderSnapshot extra, long replaced) {
        BigInteger before = model.marginUsed(user, a, null, -1);
        BigInteger after = model.marginUsed(user, a, extra, replaced);
        return after.compareTo(before) > 0 && after.compareTo(model.equity(a)) > 0;
    }

    private long protectedPrice(long marketId, Side side) {
        MarketSpec spec = model.specs.get(marketId);
        long best = 0;
        for (OrderSnapshot o : model.openOrders.values()) { // at most a few hundred
            if (o.marketId() == marketId && o.side() != side) {
                if (best == 0 || (side == Side.BUY ? o.price() < best : o.price() > best)) {
                    best = o.price();
                }
            }
        }
        if (best == 0) {
            return 0;
        }
        long tick = spec.tickSize();
        BigInteger b = BigInteger.valueOf(best);
        if (side == Side.BUY) {
            long raw = RiskReference.div(b.multiply(BigInteger.valueOf(10_000 + spec.maxSlippageBps())),
                    RiskReference.BPS, RoundingMode.FLOOR).longValueExact();
            return raw / tick * tick;
        }
        long raw = RiskReference.div(b.multiply(BigInteger.valueOf(10_000 - spec.maxSlippageBps())),
                RiskReference.BPS, RoundingMode.CEILING).longValueExact();
        return (raw + tick - 1) / tick * tick;
    }

    static String line(String user, long size, long amount, BigInteger collateral) {
        return user + " " + size + " " + amount + " -> " + collateral;
    }

}
