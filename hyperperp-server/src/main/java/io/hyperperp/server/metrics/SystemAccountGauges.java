package io.hyperperp.server.metrics;

import io.hyperperp.core.risk.AccountView;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.core.runtime.EngineRuntime;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The system accounts' gauges of {@code /metrics}: the insurance fund's and the fee account's
 * collateral and equity, in the collateral asset, read from the engine when scraped. An operator
 * alerts on the fund running low before auto-deleveraging reaches traders, and watches the fees
 * collected. A scrape that the engine does not answer within a second leaves them out.
 */
public final class SystemAccountGauges {

    private static final List<String> ACCOUNTS = List.of(RiskSettings.DEFAULTS.insuranceAddress(),
            RiskSettings.DEFAULTS.feeAddress());
    private static final long ANSWER_MILLIS = 1_000;

    private final Supplier<EngineRuntime> runtime;
    private final int collateralDecimals;

    /** Gauges over the runtime the supplier gives at each scrape (a backend may replace it on fail-over). */
    public SystemAccountGauges(Supplier<EngineRuntime> runtime, int collateralDecimals) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.collateralDecimals = collateralDecimals;
    }

    /** Registers {@code hyperperp_system_account_collateral} and {@code hyperperp_system_account_equity}. */
    public void register(Metrics metrics) {
        metrics.gauge("hyperperp_system_account_collateral",
                "Collateral of the insurance fund and the fee account, in the collateral asset",
                () -> values(false));
        metrics.gauge("hyperperp_system_account_equity",
                "Equity (collateral and the positions' unrealised PnL) of the insurance fund and the fee account",
                () -> values(true));
    }

    private Map<String, Double> values(boolean equity) {
        List<Optional<AccountView>> views = views();
        if (views == null) {
            return Map.of(); // the engine did not answer: no value rather than a wrong one
        }
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            long units = views.get(i).map(v -> equity ? v.equity() : v.collateral()).orElse(0L);
            out.put("account=\"" + ACCOUNTS.get(i) + "\"", BigDecimal.valueOf(units, collateralDecimals).doubleValue());
        }
        return out;
    }

    /** Both accounts in one engine query (empty: never held collateral), or null if the engine did not answer. */
    private List<Optional<AccountView>> views() {
        try {
            return runtime.get().query(e -> ACCOUNTS.stream().map(e::account).toList())
                    .get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
