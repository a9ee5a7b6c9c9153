package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code hyperperp markets}: markets with their spec and 24-hour statistics (GET /v1/markets). */
@Command(name = "markets",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "List the markets: tick and lot size, fees, maximum leverage, last and mark price, best bid/ask, "
                + "open interest, 24 h volume (GET /v1/markets).")
public final class MarketsCommand extends ClientCommand {

    @Override
    int run(ApiClient api) {
        ApiClient.Reply r = ApiClient.require(api.get("/v1/markets"), false);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        Table t = new Table(">MARKET", "SYMBOL", ">TICK", ">LOT", ">MIN_SIZE", ">MAKER_BPS", ">TAKER_BPS",
                ">MAX_LEV", ">LAST", ">MARK", ">BID", ">ASK", ">OPEN_INTEREST", ">VOLUME_24H", ">TRADES_24H",
                ">CHANGE_%");
        for (JsonNode m : r.json().path("markets")) {
            t.row(text(m, "market_id"), text(m, "symbol"), text(m, "tick_size"), text(m, "lot_size"),
                    text(m, "min_size"), text(m, "maker_fee_bps"), text(m, "taker_fee_bps"), text(m, "max_leverage"),
                    text(m, "last_price"), text(m, "mark_price"), text(m, "best_bid"), text(m, "best_ask"),
                    text(m, "open_interest"), text(m, "volume_24h"), text(m, "trades_24h"), text(m, "change_pct_24h"));
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
