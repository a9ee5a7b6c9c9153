package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp withdraw}: takes free collateral out (POST /v1/withdrawals, signed). */
@Command(name = "withdraw",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Withdraw collateral, at most the account's free collateral (POST /v1/withdrawals, signed "
                + "with --key-file in signature mode).")
public final class WithdrawCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The account (default: the --key-file's address).")
    String user;

    @Option(names = "--amount", required = true, paramLabel = "X", description = "Collateral to withdraw.")
    String amount;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("user_address", owner).put("amount", amount);
        ApiClient.Reply r = ApiClient.require(api.send("POST", "/v1/withdrawals", body.toString(), true), true);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        out().println("withdrew " + amount + " from " + owner);
        AccountOutput.print(r.json().path("account"), out());
        return ExitCodes.OK;
    }
}
