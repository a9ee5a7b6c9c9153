package io.hyperperp.jdbc.engine;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.FillFees;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.jdbc.internal.ArrayLiteral;
import io.hyperperp.jdbc.numeric.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The account rows of one group: the final state of every account the group changed (collateral,
 * and per market leverage, position and entry cost) and its ledger entries, appended to the
 * group's one-round-trip {@link StateUpdate}.
 *
 * <p>Ledger entries come from the risk events (deposit, withdrawal, funding, liquidation fee, and
 * the liquidation steps with amount 0), trading fees summed per account and market over the
 * group's margined fills, and one {@code realised_pnl} entry per account: the rest of the change
 * of its collateral over the group (closed positions, takeovers and ADL at the bankruptcy price),
 * so an account's entries always sum to its collateral.
 */
final class AccountRows implements StateUpdate.Statements {

    private static final String UPSERT_ACCOUNTS = "INSERT INTO accounts (user_address, account_number, collateral)"
            + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::numeric[])"
            + " ON CONFLICT (user_address) DO UPDATE SET collateral = EXCLUDED.collateral, updated_at = now()";
    private static final String UPSERT_POSITIONS = "INSERT INTO account_positions (user_address, market_id,"
            + " position_index, leverage, size, entry_cost, entry_price)"
            + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::integer[], ?::integer[], ?::numeric[], ?::numeric[],"
            + " ?::numeric[]) ON CONFLICT (user_address, market_id) DO UPDATE SET leverage = EXCLUDED.leverage,"
            + " size = EXCLUDED.size, entry_cost = EXCLUDED.entry_cost, entry_price = EXCLUDED.entry_price";
    private static final String INSERT_LEDGER = "INSERT INTO ledger_entries (command_number, user_address,"
            + " market_id, kind, detail, amount, size, price, counterparty, reference)"
            + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::numeric[],"
            + " ?::numeric[], ?::numeric[], ?::text[], ?::text[])";

    /** One ledger row. */
    private record Entry(long command, String user, Long market, String kind, String detail, long amount,
                         String size, String price, String counterparty, String reference) {
    }

    private record FeeKey(String user, long market) {
    }

    private final Map<String, Long> collateralBefore;
    private final LongFunction<MarketSpec> specs;
    private final RiskSettings settings;
    private final int decimals;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<FeeKey, Long> fees = new LinkedHashMap<>();
    private final Map<String, Long> explained = new HashMap<>();
    /** Collateral after the groups already finished in these rows (behind the log, rows fold several groups). */
    private final Map<String, Long> collateralSoFar = new HashMap<>();
    /** The last state of every account a finished group changed, by address. */
    private final Map<String, LedgerImage.Account> changed = new LinkedHashMap<>();
    private List<LedgerImage.Account> accounts = List.of();

    /**
     * @param collateralBefore each account's committed collateral before the group (absent: 0)
     * @param specs            market specs, for decimals and fees
     * @param settings         the engine's collateral settings
     */
    AccountRows(Map<String, Long> collateralBefore, LongFunction<MarketSpec> specs, RiskSettings settings) {
        this.collateralBefore = collateralBefore;
        this.specs = specs;
        this.settings = settings;
        this.decimals = settings.collateralDecimals();
    }

    /** Books one event of command {@code command}. */
    void event(long command, EngineEvent e) {
        if (e instanceof EngineEvent.Fill f) {
            MarketSpec spec = specs.apply(f.marketId());
            if (spec.margined()) {
                FillFees amounts = FillFees.of(spec, decimals, f.price(), f.size());
                fee(f.taker().userAddress(), f.marketId(), amounts.takerFee());
                fee(f.maker().userAddress(), f.marketId(), amounts.makerFee());
                fee(settings.feeAddress(), f.marketId(), -(amounts.takerFee() + amounts.makerFee()));
            }
        } else if (e instanceof EngineEvent.Risk r) {
            risk(command, r.event());
        }
    }

    private void fee(String user, long market, long charged) {
        fees.merge(new FeeKey(user, market), -charged, Long::sum);
    }

    private void risk(long command, RiskEvent r) {
        Long market = r.marketId() == RiskEvent.NO_MARKET ? null : r.marketId();
        String detail = r.kind().name().toLowerCase(java.util.Locale.ROOT);
        switch (r.kind()) {
            case DEPOSIT -> add(command, r.userAddress(), null, "deposit", null, r.amount(), null, null, null,
                    r.reference());
            case WITHDRAWAL -> add(command, r.userAddress(), null, "withdrawal", null, -r.amount(), null, null, null,
                    null);
            case FUNDING -> add(command, r.userAddress(), market, "funding", null, -r.amount(),
                    size(market, r.size()), price(market, r.price()), null, null);
            case LIQUIDATION_FEE -> {
                add(command, r.userAddress(), market, "liquidation", detail, -r.amount(), null, null,
                        r.counterparty(), r.reference());
                add(command, r.counterparty(), market, "insurance", detail, r.amount(), null, null,
                        r.userAddress(), r.reference());
            }
            case ACCOUNT_LIQUIDATED -> add(command, r.userAddress(), null, "liquidation", detail, 0, null, null,
                    null, null);
            case TAKEOVER, ADL -> {
                add(command, r.userAddress(), market, "liquidation", detail, 0, size(market, r.size()),
                        price(market, r.price()), r.counterparty(), null);
                if (r.kind() == RiskEvent.Kind.TAKEOVER) {
                    add(command, r.counterparty(), market, "insurance", detail, 0, size(market, -r.size()),
                            price(market, r.price()), r.userAddress(), null);
                }
            }
            case LEVERAGE_SET -> {
                // not a movement of collateral: the new leverage is in account_positions
            }
        }
    }

    private String size(Long market, long size) {
        return market == null ? null : Decimals.toPlainString(size, specs.apply(market).sizeDecimals());
    }

    private String price(Long market, long price) {
        return market == null || price == 0 ? null
                : Decimals.toPlainString(price, specs.apply(market).priceDecimals());
    }

    private void add(long command, String user, Long market, String kind, String detail, long amount, String size,
                     String price, String counterparty, String reference) {
        entries.add(new Entry(command, user, market, kind, detail, amount, size, price, counterparty, reference));
        explained.merge(user, amount, Math::addExact);
    }

    /**
     * Closes the group: fee entries, then each account's realised PnL (the unexplained rest of its
     * collateral change).
     *
     * @param lastCommand the group's last command number
     * @param after       the accounts the group changed, as they are after it
     */
    void finish(long lastCommand, List<LedgerImage.Account> after) {
        for (Map.Entry<FeeKey, Long> f : fees.entrySet()) {
            if (f.getValue() != 0) {
                add(lastCommand, f.getKey().user(), f.getKey().market(), "fee", null, f.getValue(), null, null, null,
                        null);
            }
        }
        for (LedgerImage.Account a : after) {
            Long before = collateralSoFar.get(a.address());
            long change = Math.subtractExact(a.collateral(),
                    before != null ? before : collateralBefore.getOrDefault(a.address(), 0L));
            long rest = Math.subtractExact(change, explained.getOrDefault(a.address(), 0L));
            if (rest != 0) {
                add(lastCommand, a.address(), null, "realised_pnl", null, rest, null, null, null, null);
            }
        }
        // The next group's fees and explained changes are its own; its collateral starts where this one left it.
        fees.clear();
        explained.clear();
        if (changed.isEmpty()) {
            accounts = after;
        } else {
            accounts = null; // folded: rebuilt from changed below
        }
        for (LedgerImage.Account a : after) {
            collateralSoFar.put(a.address(), a.collateral());
            changed.put(a.address(), a);
        }
        if (accounts == null) {
            List<LedgerImage.Account> all = new ArrayList<>(changed.values());
            all.sort(java.util.Comparator.comparingLong(LedgerImage.Account::number));
            accounts = all;
        }
    }

    /** Each changed account's collateral after the group, to remember once it committed. */
    Map<String, Long> collateralAfter() {
        Map<String, Long> out = new HashMap<>();
        for (LedgerImage.Account a : accounts) {
            out.put(a.address(), a.collateral());
        }
        return out;
    }

    private int positionCount() {
        int n = 0;
        for (LedgerImage.Account a : accounts) {
            n += a.markets().size();
        }
        return n;
    }

    @Override
    public String sql() {
        StringBuilder sql = new StringBuilder();
        if (!accounts.isEmpty()) {
            sql.append(UPSERT_ACCOUNTS).append(";\n");
        }
        if (positionCount() > 0) {
            sql.append(UPSERT_POSITIONS).append(";\n");
        }
        if (!entries.isEmpty()) {
            sql.append(INSERT_LEDGER).append(";\n");
        }
        return sql.toString();
    }

    @Override
    public int bind(Connection c, PreparedStatement ps, int first) throws SQLException {
        int p = first;
        if (!accounts.isEmpty()) {
            int n = accounts.size();
            String[] users = new String[n];
            Long[] numbers = new Long[n];
            String[] collateral = new String[n];
            for (int i = 0; i < n; i++) {
                LedgerImage.Account a = accounts.get(i);
                users[i] = a.address();
                numbers[i] = a.number();
                collateral[i] = Decimals.toPlainString(a.collateral(), decimals);
            }
            ArrayLiteral.bind(ps, p++, users);
            ArrayLiteral.bind(ps, p++, numbers);
            ArrayLiteral.bind(ps, p++, collateral);
        }
        int k = positionCount();
        if (k > 0) {
            Object[][] columns = new Object[7][k];
            int i = 0;
            for (LedgerImage.Account a : accounts) {
                int index = 0;
                for (LedgerImage.Market m : a.markets()) {
                    MarketSpec spec = specs.apply(m.marketId());
                    columns[0][i] = a.address();
                    columns[1][i] = m.marketId();
                    columns[2][i] = index++;
                    columns[3][i] = m.leverage();
                    columns[4][i] = Decimals.toPlainString(m.size(), spec.sizeDecimals());
                    columns[5][i] = Decimals.toPlainString(m.entryCost(), decimals);
                    columns[6][i] = entryPrice(m, spec);
                    i++;
                }
            }
            for (Object[] column : columns) {
                ArrayLiteral.bind(ps, p++, column);
            }
        }
        if (!entries.isEmpty()) {
            int n = entries.size();
            Object[][] columns = new Object[10][n];
            for (int j = 0; j < n; j++) {
                Entry e = entries.get(j);
                columns[0][j] = e.command();
                columns[1][j] = e.user();
                columns[2][j] = e.market();
                columns[3][j] = e.kind();
                columns[4][j] = e.detail();
                columns[5][j] = Decimals.toPlainString(e.amount(), decimals);
                columns[6][j] = e.size();
                columns[7][j] = e.price();
                columns[8][j] = e.counterparty();
                columns[9][j] = e.reference();
            }
            for (Object[] column : columns) {
                ArrayLiteral.bind(ps, p++, column);
            }
        }
        return p;
    }

    /** Entry cost / size at the market's price decimals, rounded toward zero; null without a position. */
    private String entryPrice(LedgerImage.Market m, MarketSpec spec) {
        if (m.size() == 0) {
            return null;
        }
        BigDecimal cost = BigDecimal.valueOf(Math.abs(m.entryCost()), decimals);
        BigDecimal size = BigDecimal.valueOf(Math.abs(m.size()), spec.sizeDecimals());
        return cost.divide(size, spec.priceDecimals(), RoundingMode.DOWN).toPlainString();
    }
}
