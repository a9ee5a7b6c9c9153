package io.hyperperp.server;

import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.collateral.ChainCollateral;
import io.hyperperp.server.collateral.ChainWithdrawals;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.collateral.DepositLedger;
import io.hyperperp.server.collateral.SettlementGuard;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.metrics.Metrics;
import io.hyperperp.server.seed.SeedApi;
import io.hyperperp.server.stream.StreamHub;

/**
 * The REST API's single registration point. The handlers live in small route classes
 * ({@link OrderRoutes}, {@link MarketDataRoutes}, {@link SettlementRoutes}, {@link OperationsRoutes})
 * sharing one {@link RouteSupport}. Every failure is an {@link ApiException}; nothing here writes to
 * the exchange.
 */
final class Api {

    /** The path prefix of HyperPerp's own API. */
    static final String NATIVE_PREFIX = "/v1";

    private final RouteSupport support;
    private final OrderRoutes orders;
    private final MarketDataRoutes marketData;
    private final SettlementRoutes settlement;
    private final OperationsRoutes operations;
    private final SeedApi seed;
    private final AccountRoutes accounts;

    Api(ServerConfig config, ExchangeBackend backend, Metrics metrics, StreamHub hub, DepositLedger deposits,
        ChainCollateral chain, SettlementGuard guard, CollateralStore store, ChainWithdrawals withdrawals) {
        this.support = new RouteSupport(config, backend, metrics);
        AdminAuth admin = new AdminAuth(config.adminToken());
        this.orders = new OrderRoutes(support, config, backend);
        this.marketData = new MarketDataRoutes(support, backend, admin);
        this.settlement = new SettlementRoutes(support, config, backend, admin);
        this.operations = new OperationsRoutes(support, backend, metrics, hub);
        this.seed = new SeedApi(support, backend, deposits, chain, guard, admin, store);
        this.accounts = new AccountRoutes(support, backend, admin, chain != null, withdrawals, store);
    }

    /** The helpers the route classes share; the stream handler uses them too. */
    RouteSupport support() {
        return support;
    }

    /**
     * Registers every route: the native API under {@value #NATIVE_PREFIX}, and {@code /health} and
     * {@code /metrics} at the root as well (probes and scrapers expect them there), and the seed
     * engine's API at the root.
     */
    void routes(Router root, StreamHandler stream) {
        Router r = root.under(NATIVE_PREFIX);
        orders.routes(r);
        marketData.routes(r);
        settlement.routes(r);
        operations.routes(r);
        accounts.routes(r);
        r.add("GET", "/stream", stream::handle);
        operations.probeRoutes(root);
        seed.routes(root);
    }
}
