package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp cancel-all}: cancels a user's open orders (DELETE /v1/orders). */
@Command(name = "cancel-all",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Cancel all of a user's open orders, in one market or all (DELETE /v1/orders).")
public final class CancelAllCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "Owner's address (default: the --key-file's address).")
    String user;

    @Option(names = "--market", paramLabel = "M", description = "Only this market.")
    Long market;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ApiClient.Reply r = ApiClient.require(api.send("DELETE",
                "/v1/orders" + ApiClient.query("user_address", owner, "market_id", market), null, true), true);
        if (json()) {
            printJson(r.json());
        } else {
            out().println("cancelled " + r.json().path("cancelled").asLong() + " order(s) of " + owner
                    + (market == null ? "" : " in market " + market));
            for (JsonNode id : r.json().path("order_ids")) {
                out().println("  " + id.asText());
            }
        }
        return ExitCodes.OK;
    }
}
