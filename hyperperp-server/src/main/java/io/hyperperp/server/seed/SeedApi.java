package io.hyperperp.server.seed;

import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.http.Router;

/**
 * The seed engine's API at the root (docs/seed-compatibility.md): its order, order book, market and
 * trade routes in its shapes, over the same engine commands and backend reads as the native API.
 * {@code GET /health} at the root is the server's own health route.
 */
public final class SeedApi {

    private final SeedOrderRoutes orders;
    private final SeedMarketRoutes marketData;

    /** The seed's routes over the shared route support and backend. */
    public SeedApi(RouteSupport web, ExchangeBackend backend) {
        SeedOrderIds ids = new SeedOrderIds(backend.orders());
        SeedJson json = new SeedJson(web, ids);
        this.orders = new SeedOrderRoutes(web, backend, ids, json);
        this.marketData = new SeedMarketRoutes(web, backend, json);
    }

    /** Registers the seed's routes on {@code root} (no prefix). */
    public void routes(Router root) {
        orders.routes(root);
        marketData.routes(root);
    }
}
