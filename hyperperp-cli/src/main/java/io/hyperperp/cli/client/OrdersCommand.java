package io.hyperperp.cli.client;

import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp orders}: a user's orders (GET /v1/orders). */
@Command(name = "orders",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "List a user's orders, newest first (GET /v1/orders).")
public final class OrdersCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The user's address (default: the --key-file's address).")
    String user;

    @Option(names = "--market", paramLabel = "M", description = "Only this market.")
    Long market;

    @Option(names = "--status", paramLabel = "S",
            description = "open, pending, partially_filled, filled, cancelled, expired, untriggered or triggered.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N orders (1-1000, server default 100).")
    Integer limit;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ApiClient.Reply r = ApiClient.require(api.getPrivate("/v1/orders"
                + ApiClient.query("user_address", owner, "market_id", market, "status", status, "limit", limit)), false);
        if (json()) {
            printJson(r.json());
        } else {
            OrderOutput.orders(out(), r.json().path("orders"));
        }
        return ExitCodes.OK;
    }
}
