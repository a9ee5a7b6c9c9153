package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp positions}: a user's positions and balance (GET /v1/positions). */
@Command(name = "positions",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Show a user's net positions, settled entry and PnL, and balance (GET /v1/positions).")
public final class PositionsCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The user's address (default: the --key-file's address).")
    String user;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ApiClient.Reply r = ApiClient.require(api.getPrivate("/v1/positions" + ApiClient.query("user_address", owner)), false);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        Table t = new Table(">MARKET", "SIDE", ">SIZE", ">SETTLED", ">ENTRY_PRICE", ">ENTRY_NOTIONAL", ">REALIZED_PNL");
        for (JsonNode p : r.json().path("positions")) {
            t.row(text(p, "market_id"), text(p, "side"), text(p, "size"), text(p, "settled_size"),
                    text(p, "entry_price"), text(p, "entry_notional"), text(p, "realized_pnl"));
        }
        out().println("positions of " + owner);
        t.print(out());
        JsonNode b = r.json().path("balance");
        out().println("balance: realized_pnl " + text(b, "realized_pnl") + "  fees_paid " + text(b, "fees_paid")
                + "  net " + text(b, "net"));
        return ExitCodes.OK;
    }
}
