package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp leverage}: sets an account's leverage in one market (POST /v1/leverage, signed). */
@Command(name = "leverage",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Set the account's leverage in one market, 1 to the market's max_leverage (POST /v1/leverage, "
                + "signed with --key-file in signature mode); refused if margin used would exceed equity.")
public final class LeverageCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The account (default: the --key-file's address).")
    String user;

    @Option(names = "--market", required = true, paramLabel = "M", description = "Market id.")
    long market;

    @Option(names = "--leverage", required = true, paramLabel = "X", description = "The new leverage (integer).")
    int leverage;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("user_address", owner).put("market_id", market)
                .put("leverage", leverage);
        ApiClient.Reply r = ApiClient.require(api.send("POST", "/v1/leverage", body.toString(), true), true);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        out().println("leverage of " + owner + " in market " + market + " is now " + leverage);
        AccountOutput.print(r.json().path("account"), out());
        return ExitCodes.OK;
    }
}
