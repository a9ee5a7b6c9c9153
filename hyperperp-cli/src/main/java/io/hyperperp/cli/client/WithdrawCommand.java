package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import io.hyperperp.server.json.UserAddresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hyperperp withdraw}: takes free collateral out (POST /v1/withdrawals, signed), or the operator's
 * payout of the insurance fund or the fee account (with the admin token: no key signs for them).
 */
@Command(name = "withdraw",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Withdraw collateral, at most the account's free collateral (POST /v1/withdrawals, signed "
                + "with --key-file in signature mode). The operator pays out --user insurance_fund or fee_account "
                + "with --admin-token instead.")
public final class WithdrawCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The account (default: the --key-file's address).")
    String user;

    @Option(names = "--amount", required = true, paramLabel = "X", description = "Collateral to withdraw.")
    String amount;

    @Mixin
    AdminToken admin;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("user_address", owner).put("amount", amount);
        String json = body.toString();
        ApiClient.Reply r = ApiClient.require(UserAddresses.isSystemAccount(owner)
                ? api.sendAdmin("POST", "/v1/withdrawals", json, admin.token)
                : api.send("POST", "/v1/withdrawals", json, true), true);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        out().println("withdrew " + amount + " from " + owner);
        AccountOutput.print(r.json().path("account"), out());
        return ExitCodes.OK;
    }
}
