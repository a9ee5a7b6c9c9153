package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hyperperp funding}: charges one funding interval (POST /v1/markets/{id}/funding, admin). */
@Command(name = "funding",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Charge one funding interval in a margined market (POST /v1/markets/{id}/funding, admin token): "
                + "every position pays size x mark x rate, longs to shorts when the rate is positive.")
public final class FundingCommand extends ClientCommand {

    @Option(names = "--market", required = true, paramLabel = "M", description = "Market id.")
    long market;

    @Option(names = "--rate", required = true, paramLabel = "R",
            description = "Rate for the interval as a decimal fraction, e.g. 0.0001 or -0.00005 (8 decimals at most).")
    String rate;

    @Mixin
    AdminToken admin;

    @Override
    int run(ApiClient api) {
        ObjectNode body = ApiClient.MAPPER.createObjectNode().put("rate", rate);
        ApiClient.Reply r = ApiClient.require(api.sendAdmin("POST", "/v1/markets/" + market + "/funding",
                body.toString(), admin.token), true);
        if (json()) {
            printJson(r.json());
        } else {
            out().println("funding " + rate + " applied in market " + market + ": " + r.json().path("payments").asLong()
                    + " payment(s)");
        }
        return ExitCodes.OK;
    }
}
