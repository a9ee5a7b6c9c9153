package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hyperperp batches}: settlement batches (GET /v1/settlement/batches). */
@Command(name = "batches",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "List settlement batches, newest first (GET /v1/settlement/batches).")
public final class BatchesCommand extends ClientCommand {

    @Option(names = "--status", paramLabel = "S", description = "pending, submitted, confirmed, failed, held or split.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N batches (1-1000, server default 100).")
    Integer limit;

    @Override
    int run(ApiClient api) {
        ApiClient.Reply r = ApiClient.require(api.get("/v1/settlement/batches"
                + ApiClient.query("status", status, "limit", limit)), false);
        if (json()) {
            printJson(r.json());
            return ExitCodes.OK;
        }
        Table t = new Table(">NUMBER", "BATCH_ID", ">MARKET", "STATUS", ">FILLS", ">ATTEMPTS", "TX_HASH", "UPDATED",
                "LAST_ERROR");
        for (JsonNode b : r.json().path("batches")) {
            t.row(text(b, "batch_number"), text(b, "batch_id"), text(b, "market_id"), text(b, "status"),
                    text(b, "fill_count"), text(b, "attempts"), text(b, "tx_hash"), time(b, "updated_at"),
                    text(b, "last_error"));
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
