package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperperp amend}: changes price and/or open size of an order, by id (PATCH /v1/orders/{id})
 * or by client order id (PATCH /v1/orders/by-client-id, one engine command).
 */
@Command(name = "amend",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Amend an order's price and/or open size (PATCH /v1/orders/{order_id}).",
            "By client order id: hyperperp amend --client-order-id C --user U --price P",
            "An amended order that crosses trades like a new order."})
public final class AmendCommand extends ClientCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ORDER_ID", description = "The order's id (UUID).")
    String orderId;

    @Option(names = "--client-order-id", paramLabel = "C", description = "Amend the user's open order with this client order id.")
    String clientOrderId;

    @Option(names = "--price", paramLabel = "P", description = "New price.")
    String price;

    @Option(names = "--size", paramLabel = "S", description = "New open size.")
    String size;

    @Option(names = "--trigger-price", paramLabel = "T",
            description = "New trigger price of an untriggered conditional order (sent as trigger_price; "
                    + "servers that do not support it over REST answer UNKNOWN_FIELD).")
    String triggerPrice;

    @Option(names = "--user", paramLabel = "ADDR",
            description = "Owner's address (optional with ORDER_ID; required with --client-order-id, default: the --key-file's address).")
    String user;

    @Override
    void validate() {
        if ((orderId == null) == (clientOrderId == null)) {
            throw usage("give either ORDER_ID or --client-order-id C");
        }
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
        String path;
        if (clientOrderId != null) {
            path = "/v1/orders/by-client-id" + ApiClient.query("user_address", user(user, "--user"),
                    "client_order_id", clientOrderId);
        } else {
            path = "/v1/orders/" + orderId;
            if (user != null) {
                body.put("user_address", user);
            }
        }
        ApiClient.Reply r = ApiClient.require(api.send("PATCH", path, body.toString(), true), true);
        if (json()) {
            printJson(r.json());
        } else {
            OrderOutput.orderResult(out(), "amended", r.json());
        }
        return ExitCodes.OK;
    }
}
