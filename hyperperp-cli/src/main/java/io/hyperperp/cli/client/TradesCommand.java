package io.hyperperp.cli.client;

import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp trades}: recent trades of a market and/or user (GET /v1/trades). */
@Command(name = "trades",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "List trades of a market and/or a user, newest first (GET /v1/trades).")
public final class TradesCommand extends ClientCommand {

    @Option(names = "--market", paramLabel = "M", description = "Trades of this market.")
    Long market;

    @Option(names = "--user", paramLabel = "ADDR", description = "Trades of this user (as taker or maker).")
    String user;

    @Option(names = "--limit", paramLabel = "N", description = "At most N trades (1-1000, server default 100).")
    Integer limit;

    @Override
    void validate() {
        if (market == null && user == null) {
            throw usage("give --market M, --user ADDR or both");
        }
    }

    @Override
    int run(ApiClient api) {
        ApiClient.Reply r = ApiClient.require(api.getPrivate("/v1/trades"
                + ApiClient.query("market_id", market, "user_address", user, "limit", limit)), false);
        if (json()) {
            printJson(r.json());
        } else {
            OrderOutput.trades(out(), r.json().path("trades"));
        }
        return ExitCodes.OK;
    }
}
