package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code hyperperp health}: the server's health (GET /v1/health); exit code 4 when it is unhealthy (503). */
@Command(name = "health",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Show the server's health (GET /v1/health): engine, database, settlement, chain, stream clients.",
            "Exit code 0 when healthy, 4 when the server answers 503 or cannot be reached."})
public final class HealthCommand extends ClientCommand {

    @Override
    int run(ApiClient api) {
        ApiClient.Reply r = api.get("/v1/health");
        if (r.json() == null || r.json().has("error")) {
            throw ApiClient.failure(r, false);
        }
        if (json()) {
            printJson(r.json());
        } else {
            print("", r.json());
        }
        if (r.status() == 503) {
            err().println("error: server unhealthy (status " + text(r.json(), "status") + ") [HTTP 503]");
            return ExitCodes.UNAVAILABLE;
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private void print(String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                print(prefix + e.getKey() + ".", e.getValue());
            } else {
                out().println(prefix + e.getKey() + ": " + (e.getValue().isNull() ? "-" : e.getValue().asText()));
            }
        }
    }
}
