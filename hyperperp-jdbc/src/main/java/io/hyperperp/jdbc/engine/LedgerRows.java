package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.jdbc.numeric.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/**
 * Reads the engine's collateral ledger back ({@link LedgerImage}): accounts by number with their
 * markets in the order the account first used them, the deposit ids and Σ deposits − Σ withdrawals
 * from the ledger entries.
 */
final class LedgerRows {

    private LedgerRows() {
    }

    static LedgerImage load(Handle h, LongFunction<MarketSpec> specs, int decimals) {
        Map<String, List<LedgerImage.Market>> markets = new HashMap<>();
        h.createQuery("SELECT user_address, market_id, leverage, size, entry_cost FROM account_positions"
                        + " ORDER BY user_address, position_index")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    long market = rs.getLong(2);
                    LedgerImage.Market m = new LedgerImage.Market(market, rs.getInt(3),
                            Decimals.toScaledLong(rs.getBigDecimal(4), specs.apply(market).sizeDecimals()),
                            Decimals.toScaledLong(rs.getBigDecimal(5), decimals));
                    markets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(m);
                    return m;
                })
                .list();
        List<LedgerImage.Account> accounts = h.createQuery("SELECT user_address, account_number, collateral"
                        + " FROM accounts ORDER BY account_number")
                .setFetchSize(10_000)
                .map((rs, ctx) -> new LedgerImage.Account(rs.getString(1), rs.getLong(2),
                        Decimals.toScaledLong(rs.getBigDecimal(3), decimals),
                        markets.getOrDefault(rs.getString(1), List.of())))
                .list();
        List<String> depositIds = new ArrayList<>(h.createQuery(
                        "SELECT reference FROM ledger_entries WHERE kind = 'deposit'")
                .mapTo(String.class).list());
        depositIds.sort(null);
        BigDecimal net = h.createQuery("SELECT COALESCE(sum(amount), 0) FROM ledger_entries"
                        + " WHERE kind IN ('deposit', 'withdrawal')")
                .mapTo(BigDecimal.class).one();
        long counter = accounts.isEmpty() ? 0 : accounts.get(accounts.size() - 1).number();
        return new LedgerImage(counter, Decimals.toScaledLong(net, decimals), depositIds, accounts);
    }
}
