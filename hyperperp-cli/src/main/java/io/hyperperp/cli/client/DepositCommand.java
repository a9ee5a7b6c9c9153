package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hyperperp deposit}: credits collateral (POST /v1/deposits, admin). */
@Command(name = "deposit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Credit collateral to an account (POST /v1/deposits, admin token). Idempotent: a deposit id "
                + "seen before (a chain transaction hash, say) credits nothing again.")
public final class DepositCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The account credited (default: the --key-file's address).")
    String user;

    @Option(names = "--amount", required = true, paramLabel = "X", description = "Collateral, e.g. 10000 or 2500.5.")
    String amount;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Idempotency id, 1-128 characters.")
    String id;

    @Mixin
    AdminToken admin;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("user_address", owner).put("amount", amount)
                .put("deposit_id", id);
        ApiClient.Reply r = ApiClient.require(api.sendAdmin("POST", "/v1/deposits", body.toString(), admin.token), true);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        out().println(r.json().path("credited").asBoolean() ? "deposited " + amount + " to " + owner + " (" + id + ")"
                : "deposit " + id + " was already credited: nothing changed");
        AccountOutput.print(r.json().path("account"), out());
        return ExitCodes.OK;
    }
}
