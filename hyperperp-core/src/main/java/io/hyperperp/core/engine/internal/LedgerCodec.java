package io.hyperperp.core.engine.internal;

import io.hyperperp.core.risk.LedgerImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Captures the collateral ledger as a {@link LedgerImage} and rebuilds it. */
public final class LedgerCodec {

    private LedgerCodec() {
    }

    static LedgerImage capture(EngineState state) {
        MarginLedger ledger = state.ledger;
        List<LedgerImage.Account> accounts = new ArrayList<>();
        state.forEachUser(user -> {
            if (user.margin != null) {
                accounts.add(account(user.margin));
            }
        });
        accounts.sort(Comparator.comparingLong(LedgerImage.Account::number));
        List<String> ids = new ArrayList<>(ledger.depositIds);
        ids.sort(Comparator.naturalOrder());
        return new LedgerImage(ledger.accountCounter, ledger.netDeposits, ids, accounts);
    }

    /** One account as a value. */
    static LedgerImage.Account account(MarginAccount a) {
        List<LedgerImage.Market> markets = new ArrayList<>(a.marketCount);
        for (int i = 0; i < a.marketCount; i++) {
            MarginPosition p = a.markets[i];
            markets.add(new LedgerImage.Market(p.book.marketId, p.leverage, p.size, p.entryCost));
        }
        return new LedgerImage.Account(a.address(), a.number, a.collateral, markets);
    }

    /** The account of an address as a value, or null if it has none. */
    public static LedgerImage.Account account(EngineState state, String address) {
        UserAccount user = state.existingUser(address);
        return user == null || user.margin == null ? null : account(user.margin);
    }

    /** Loads accounts into freshly restored state; {@code orders} are the restored resting orders. */
    static void restore(EngineState state, LedgerImage image, List<Order> orders) {
        MarginLedger ledger = state.ledger;
        ledger.depositIds.addAll(image.depositIds());
        ledger.netDeposits = image.netDeposits();
        for (LedgerImage.Account saved : image.accounts()) {
            UserAccount user = state.user(saved.address());
            boolean system = saved.address().equals(ledger.settings.insuranceAddress())
                    || saved.address().equals(ledger.settings.feeAddress());
            MarginAccount account = new MarginAccount(user, saved.number(), system);
            user.margin = account;
            account.collateral = saved.collateral();
            for (LedgerImage.Market m : saved.markets()) {
                OrderBook book = state.book(m.marketId());
                if (book == null || !book.margined) {
                    throw new IllegalStateException("image has an account in market " + m.marketId()
                            + ", which is not margined here");
                }
                MarginPosition p = account.in(book, ledger.headroom);
                p.leverage = m.leverage();
                ledger.trade(p, m.size(), 0); // registers the holder; the cost is set below
                p.entryCost = m.entryCost();
                account.collateral = saved.collateral();
            }
            ledger.changed(account);
        }
        ledger.accountCounter = image.accountCounter();
        for (Order order : orders) {
            if (order.book.margined) {
                ledger.orderResting(order, order.size - order.filled);
            }
        }
        ledger.toCheck.forEach(a -> a.checkPending = false);
        ledger.toCheck.clear();
        ledger.liquidatorPending = false;
    }
}
