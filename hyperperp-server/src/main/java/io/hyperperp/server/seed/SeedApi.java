package io.hyperperp.server.seed;

import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.collateral.ChainCollateral;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.collateral.DepositLedger;
import io.hyperperp.server.collateral.SettlementGuard;
import io.hyperperp.server.http.Router;

/**
 * The seed engine's API at the root (docs/seed-compatibility.md): its order, order book, market and
 * trade routes in its shapes, over the same engine commands and backend reads as the native API,
 * and its freeze/confirm collateral flow.
 * {@code GET /health} at the root is the server's own health route.
 */
public final class SeedApi {

    private final SeedOrderRoutes orders;
    private final SeedMarketRoutes marketData;
    private final SeedCollateralRoutes collateral;

    /**
     * The seed's routes over the shared route support and backend; collateral is credited to
     * {@code ledger}, verified on chain through {@code chain} (null: no chain, admin deposits);
     * {@code guard} (null: none) refuses orders the contract's ledger entries cannot settle;
     * frozen orders are kept in {@code store}.
     */
    public SeedApi(RouteSupport web, ExchangeBackend backend, DepositLedger ledger, ChainCollateral chain,
                   SettlementGuard guard, AdminAuth admin, CollateralStore store) {
        SeedOrderIds ids = new SeedOrderIds(backend.orders());
        SeedJson json = new SeedJson(web, ids);
        this.orders = new SeedOrderRoutes(web, backend, ids, json);
        this.marketData = new SeedMarketRoutes(web, backend, json);
        CollateralNeeds needs = new CollateralNeeds(web, ledger, guard);
        this.collateral = new SeedCollateralRoutes(web, backend, orders, ids, json, ledger, chain, admin, needs,
                store);
        if (guard != null) {
            // Settlement targets the deployed contract: every placement, native or seed, is covered first.
            web.preTrade(needs::requireCovered);
        }
    }

    /** Registers the seed's routes on {@code root} (no prefix). */
    public void routes(Router root) {
        orders.routes(root);
        marketData.routes(root);
        collateral.routes(root);
    }
}
