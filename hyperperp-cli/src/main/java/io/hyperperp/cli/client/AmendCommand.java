package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hyperperp amend}: changes price and/or open size of an order (PATCH /v1/orders/{id}). */
@Command(name = "amend",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Amend an order's price and/or open size (PATCH /v1/orders/{order_id}).",
            "An amended order that crosses trades like a new order."})
public final class AmendCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ORDER_ID", description = "The order's id (UUID).")
    String orderId;

    @Option(names = "--price", paramLabel = "P", description = "New price.")
    String price;

    @Option(names = "--size", paramLabel = "S", description = "New open size.")
    String size;

    @Option(names = "--trigger-price", paramLabel = "T",
            description = "New trigger price of an untriggered conditional order (sent as trigger_price; "
                    + "servers that do not support it over REST answer UNKNOWN_FIELD).")
    String triggerPrice;

    @Option(names = "--user", paramLabel = "ADDR", description = "Owner's address (optional; must be the owner).")
    String user;

    @Override
    void validate() {
        if (price == null && size == null && triggerPrice == null) {
            throw usage("give at least one of --price, --size, --trigger-price");
        }
        if (orderId != null) {
            pathId(orderId, "ORDER_ID");
        }
    }

    @Override
    int run(ApiClient api) {
        ObjectNode body = ApiClient.MAPPER.createObjectNode();
        if (price != null) {
            body.put("price", price);
        }
        if (size != null) {
            body.put("size", size);
        }
        if (triggerPrice != null) {
            body.put("trigger_price", triggerPrice);
        }
        if (user != null) {
            body.put("user_address", user);
        }
        ApiClient.Reply r = ApiClient.require(api.send("PATCH", "/v1/orders/" + orderId, body.toString(), true), true);
        if (json()) {
            printJson(r.json());
        } else {
            OrderOutput.orderResult(out(), "amended", r.json());
        }
        return ExitCodes.OK;
    }
}
