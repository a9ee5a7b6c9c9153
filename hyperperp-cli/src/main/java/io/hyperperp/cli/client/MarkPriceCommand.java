package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hyperperp mark-price}: feeds a market's mark price (POST /v1/markets/{id}/mark-price, admin). */
@Command(name = "mark-price",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Feed a market's mark price, optionally with the oracle's index price (POST "
                + "/v1/markets/{id}/mark-price, admin token). It values positions, fires stop orders that watch the "
                + "mark and liquidates accounts below maintenance margin.")
public final class MarkPriceCommand extends ClientCommand {

    @Option(names = "--market", required = true, paramLabel = "M", description = "Market id.")
    long market;

    @Option(names = "--price", required = true, paramLabel = "P", description = "The mark price.")
    String price;

    @Option(names = "--index", paramLabel = "P", description = "The oracle's index price (recorded with the mark).")
    String index;

    @Mixin
    AdminToken admin;

    @Override
    int run(ApiClient api) {
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("mark_price", price);
        if (index != null) {
            body.put("index_price", index);
        }
        ApiClient.Reply r = ApiClient.require(api.sendAdmin("POST", "/v1/markets/" + market + "/mark-price",
                body.toString(), admin.token), true);
        if (json()) {
            printJson(r.json());
        } else {
            out().println("mark price of market " + market + " is " + price + ": "
                    + r.json().path("triggered").asLong() + " stop order(s) triggered, "
                    + r.json().path("liquidated").asLong() + " account(s) liquidated");
        }
        return ExitCodes.OK;
    }
}
