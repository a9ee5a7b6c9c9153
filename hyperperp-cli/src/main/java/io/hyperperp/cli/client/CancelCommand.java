package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperperp cancel}: cancels one order by id (DELETE /v1/orders/{id}) or by client order id
 * (DELETE /v1/orders/by-client-id, one engine command).
 */
@Command(name = "cancel",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Cancel an order (DELETE /v1/orders/{order_id}).",
            "By id: hyperperp cancel ORDER_ID; by client order id: hyperperp cancel --client-order-id C --user U",
            "(DELETE /v1/orders/by-client-id: the server cancels whichever open order has that id when it runs)."})
public final class CancelCommand extends ClientCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ORDER_ID", description = "The order's id (UUID).")
    String orderId;

    @Option(names = "--client-order-id", paramLabel = "C", description = "Cancel the user's open order with this client order id.")
    String clientOrderId;

    @Option(names = "--user", paramLabel = "ADDR",
            description = "Owner's address; required with --client-order-id (default: the --key-file's address).")
    String user;

    @Override
    void validate() {
        if ((orderId == null) == (clientOrderId == null)) {
            throw usage("give either ORDER_ID or --client-order-id C");
        }
        if (orderId != null) {
            pathId(orderId, "ORDER_ID");
        }
    }

    @Override
    int run(ApiClient api) {
        String path = clientOrderId == null ? "/v1/orders/" + orderId + ApiClient.query("user_address", user)
                : "/v1/orders/by-client-id" + ApiClient.query("user_address", user(user, "--user"),
                        "client_order_id", clientOrderId);
        ApiClient.Reply r = ApiClient.require(api.send("DELETE", path, null, true), true);
        if (json()) {
            printJson(r.json());
        } else {
            out().println("cancelled " + text(r.json(), "order_id") + ": " + text(r.json(), "status")
                    + "  filled " + text(r.json().path("order"), "filled_size"));
        }
        return ExitCodes.OK;
    }

    /**
     * The id of the user's open order with this client order id; exit code 3 when there is none.
     * A look-up, then a separate request: only for replaying a log against a server.
     */
    static String findByClientOrderId(ApiClient api, String user, String clientOrderId) {
        ApiClient.Reply r = ApiClient.require(api.getPrivate("/v1/orders"
                + ApiClient.query("user_address", user, "status", "open", "limit", 1000)), false);
        for (JsonNode o : r.json().path("orders")) {
            if (clientOrderId.equals(o.path("client_order_id").asText(null))) {
                return o.get("order_id").asText();
            }
        }
        throw new ClientException(ExitCodes.REJECTED, "ORDER_NOT_FOUND",
                "ORDER_NOT_FOUND: " + user + " has no open order with client order id " + clientOrderId, null);
    }
}
