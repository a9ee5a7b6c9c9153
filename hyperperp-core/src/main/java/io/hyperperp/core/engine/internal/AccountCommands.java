package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSpec;
import java.util.List;

/** Deposits, withdrawals, leverage changes and funding: the commands that move collateral directly. */
final class AccountCommands {

    /** Largest Σ deposits − Σ withdrawals: leaves room for PnL and fees in 64 bits. */
    static final long MAX_NET_DEPOSITS = Deposit.MAX_NET_DEPOSITS;

    private final EngineState state;
    private final MarginLedger ledger;

    AccountCommands(EngineState state) {
        this.state = state;
        this.ledger = state.ledger;
    }

    void deposit(Deposit command) {
        if (command.userAddress().isEmpty()) {
            state.reject(command, RejectReason.INVALID_USER);
            return;
        }
        if (command.amount() <= 0) {
            state.reject(command, RejectReason.INVALID_AMOUNT);
            return;
        }
        String id = command.depositId();
        if (!Deposit.isValidId(id)) {
            state.reject(command, RejectReason.INVALID_DEPOSIT_ID);
            return;
        }
        if (ledger.depositIds.contains(id)) {
            return; // seen before: idempotent no-op
        }
        if (command.amount() > MAX_NET_DEPOSITS - ledger.netDeposits) {
            state.reject(command, RejectReason.AMOUNT_TOO_LARGE);
            return;
        }
        MarginAccount account = ledger.account(state.user(command.userAddress()));
        ledger.depositIds.add(id);
        ledger.netDeposits += command.amount();
        account.collateral = Math.addExact(account.collateral, command.amount());
        ledger.changed(account);
        state.emitRisk(new RiskEvent(RiskEvent.Kind.DEPOSIT, account.address(), RiskEvent.NO_MARKET, 0, 0,
                command.amount(), 0, null, id, account.collateral));
    }

    void withdraw(Withdraw command) {
        if (command.amount() <= 0) {
            state.reject(command, RejectReason.INVALID_AMOUNT);
            return;
        }
        UserAccount user = state.existingUser(command.userAddress());
        MarginAccount account = user == null ? null : user.margin;
        long free;
        try {
            free = account == null ? 0 : Math.subtractExact(MarginMath.equity(account), MarginMath.marginUsed(account));
        } catch (ArithmeticException e) {
            state.reject(command, RejectReason.AMOUNT_TOO_LARGE);
            return;
        }
        if (command.amount() > free) {
            state.reject(command, RejectReason.INSUFFICIENT_FREE_COLLATERAL);
            return;
        }
        ledger.netDeposits -= command.amount();
        account.collateral -= command.amount();
        ledger.changed(account);
        state.emitRisk(new RiskEvent(RiskEvent.Kind.WITHDRAWAL, account.address(), RiskEvent.NO_MARKET, 0, 0,
                command.amount(), 0, null, null, account.collateral));
    }

    void setLeverage(SetLeverage command) {
        OrderBook book = state.book(command.marketId());
        RejectReason reason = book == null ? state.missingBookReason(command.marketId())
                : !book.margined ? RejectReason.MARGIN_DISABLED
                : command.userAddress().isEmpty() ? RejectReason.INVALID_USER
                : command.leverage() < 1 || command.leverage() > book.spec.risk().maxLeverage()
                ? RejectReason.INVALID_LEVERAGE : null;
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        MarginAccount account = ledger.account(state.user(command.userAddress()));
        if (account.system) {
            state.reject(command, RejectReason.SYSTEM_ACCOUNT);
            return;
        }
        MarginPosition position = account.in(book, ledger.headroom);
        int previous = position.leverage;
        try {
            long before = MarginMath.marginUsed(account);
            position.leverage = command.leverage();
            long after = MarginMath.marginUsed(account);
            if (after > before && after > MarginMath.equity(account)) {
                reason = RejectReason.INSUFFICIENT_MARGIN;
            }
        } catch (ArithmeticException e) {
            reason = RejectReason.AMOUNT_TOO_LARGE;
        }
        if (reason != null) {
            position.leverage = previous;
            state.reject(command, reason);
            return;
        }
        position.setMarginDivisor(0); // recomputed with the new leverage
        ledger.headroom.invalidate(account);
        state.emitRisk(new RiskEvent(RiskEvent.Kind.LEVERAGE_SET, account.address(), book.marketId,
                command.leverage(), 0, 0, 0, null, null, account.collateral));
    }

    /**
     * Funding for one interval: holders in account order, payers rounded up, receivers down, the
     * difference to the insurance fund. Every amount is computed before anything is booked, so an
     * overflow rejects the command whole.
     */
    void applyFunding(ApplyFunding command) {
        OrderBook book = state.book(command.marketId());
        long rate = command.rate();
        RejectReason reason = book == null ? state.missingBookReason(command.marketId())
                : !book.margined ? RejectReason.MARGIN_DISABLED
                : rate == Long.MIN_VALUE || Math.abs(rate) > book.spec.risk().maxFundingRate()
                ? RejectReason.INVALID_FUNDING_RATE
                : MarginMath.price(book) == 0 ? RejectReason.NO_MARK_PRICE : null;
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        long price = MarginMath.price(book);
        long magnitude = Math.abs(rate);
        List<MarginPosition> holders = book.margin.holdersInOrder();
        long[] amounts = new long[holders.size()];
        long paid = 0;
        long received = 0;
        try {
            for (int i = 0; i < amounts.length; i++) {
                MarginPosition p = holders.get(i);
                long size = Math.abs(p.size);
                boolean pays = (p.size > 0) == (rate > 0);
                if (pays) {
                    amounts[i] = FixedPoint.mulDivCeil(book.scale.ceil(price, size), magnitude,
                            RiskSpec.FUNDING_RATE_SCALE);
                    paid = Math.addExact(paid, amounts[i]);
                } else {
                    amounts[i] = -FixedPoint.mulDivFloor(book.scale.floor(price, size), magnitude,
                            RiskSpec.FUNDING_RATE_SCALE);
                    received = Math.subtractExact(received, amounts[i]);
                }
            }
        } catch (ArithmeticException e) {
            state.reject(command, RejectReason.AMOUNT_TOO_LARGE);
            return;
        }
        for (int i = 0; i < amounts.length; i++) {
            MarginPosition p = holders.get(i);
            p.account.collateral -= amounts[i];
            ledger.changed(p.account);
            state.emitRisk(new RiskEvent(RiskEvent.Kind.FUNDING, p.account.address(), book.marketId, p.size, price,
                    amounts[i], 0, null, null, p.account.collateral));
        }
        long remainder = paid - received;
        if (remainder != 0) {
            MarginAccount insurance = ledger.insurance();
            insurance.collateral += remainder;
            state.emitRisk(new RiskEvent(RiskEvent.Kind.FUNDING, insurance.address(), book.marketId, 0, price,
                    -remainder, 0, null, null, insurance.collateral));
        }
    }
}
