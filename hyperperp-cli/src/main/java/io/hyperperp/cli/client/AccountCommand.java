package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp account}: an account's collateral, margin and positions (GET /v1/accounts/{address}). */
@Command(name = "account",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Show an account: collateral, equity, margin used, free collateral, and per market the "
                + "leverage, position, entry price, mark, unrealised PnL and liquidation price "
                + "(GET /v1/accounts/{address}); --ledger lists its ledger entries instead.")
public final class AccountCommand extends ClientCommand {

    @Option(names = "--user", paramLabel = "ADDR", description = "The account's address (default: the --key-file's address).")
    String user;

    @Option(names = "--ledger", description = "List the account's ledger entries, newest first (persistent servers).")
    boolean ledger;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Ledger entries to list (default 50).")
    int limit;

    @Override
    int run(ApiClient api) {
        String owner = user(user, "--user");
        // One path segment, encoded: "0xa1/ledger" or "0xa1?limit=1" would otherwise reach another route or query.
        String segment = java.net.URLEncoder.encode(owner, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        String path = "/v1/accounts/" + segment + (ledger ? "/ledger" + ApiClient.query("limit", limit) : "");
        ApiClient.Reply r = ApiClient.require(api.get(path), false);
        if (json()) {
            printJson(r.json());
        } else if (ledger) {
            Table t = new Table(">ENTRY", "KIND", "DETAIL", ">MARKET", ">AMOUNT", "REFERENCE", "CREATED_AT");
            for (JsonNode e : r.json().path("entries")) {
                t.row(text(e, "entry_number"), text(e, "kind"), text(e, "detail"), text(e, "market_id"),
                        text(e, "amount"), text(e, "reference"), time(e, "created_at"));
            }
            out().println("ledger of " + owner);
            t.print(out());
        } else {
            AccountOutput.print(r.json(), out());
        }
        return ExitCodes.OK;
    }
}
