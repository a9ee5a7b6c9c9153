package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.jdbc.internal.StoredRow;
import java.math.BigInteger;
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

    /** The highest leverage any market allows ({@code RiskSpec}): a stored one past it, or below 1, is damage. */
    private static final int MAX_LEVERAGE = 1_000;

    /** A deposit or withdrawal (signed amount; the deposit's id, null for a withdrawal). */
    private record Movement(long amount, String depositId) {
    }

    private LedgerRows() {
    }

    static LedgerImage load(Handle h, LongFunction<MarketSpec> specs, int decimals) {
        Map<String, List<LedgerImage.Market>> markets = new HashMap<>();
        h.createQuery("SELECT user_address, market_id, leverage, size, entry_cost FROM account_positions"
                        + " ORDER BY user_address, position_index")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    long market = rs.getLong(2);
                    MarketSpec spec = specs.apply(market);
                    StoredRow row = new StoredRow(rs, "account_positions", "user_address", "market_id");
                    LedgerImage.Market m = new LedgerImage.Market(market,
                            row.integer("leverage", 1, MAX_LEVERAGE),
                            row.scaled("size", spec.sizeDecimals()), row.scaled("entry_cost", decimals));
                    markets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(m);
                    return m;
                })
                .list();
        List<LedgerImage.Account> accounts = h.createQuery("SELECT user_address, account_number, collateral"
                        + " FROM accounts ORDER BY account_number")
                .setFetchSize(10_000)
                .map((rs, ctx) -> new LedgerImage.Account(rs.getString(1), rs.getLong(2),
                        new StoredRow(rs, "accounts", "user_address")
                                .scaled("collateral", decimals),
                        markets.getOrDefault(rs.getString(1), List.of())))
                .list();
        // Each movement is converted on its own so that a damaged one is named, then summed exactly.
        List<String> depositIds = new ArrayList<>();
        BigInteger net = BigInteger.ZERO;
        for (Movement movement : h.createQuery("SELECT entry_number, kind, amount, reference FROM ledger_entries"
                        + " WHERE kind IN ('deposit', 'withdrawal')")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    StoredRow row = new StoredRow(rs, "ledger_entries", "entry_number");
                    boolean deposit = "deposit".equals(rs.getString(2));
                    return new Movement(row.scaled("amount", decimals), deposit ? row.text("reference") : null);
                })
                .list()) {
            net = net.add(BigInteger.valueOf(movement.amount()));
            if (movement.depositId() != null) {
                depositIds.add(movement.depositId());
            }
        }
        depositIds.sort(null);
        if (net.bitLength() > 63) {
            throw new IllegalStateException("damaged state in the database: deposits less withdrawals in table"
                    + " ledger_entries are " + net + " collateral units, past 64 bits");
        }
        long counter = accounts.isEmpty() ? 0 : accounts.get(accounts.size() - 1).number();
        return new LedgerImage(counter, net.longValueExact(), depositIds, accounts);
    }
}
