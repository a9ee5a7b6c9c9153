package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hyperperp watch}: tails the event stream, one line per event. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Tail the Server-Sent Events stream (GET /v1/stream), one line per event: 'ID EVENT DATA'.",
            "CHANNELS: trades:M, book:M, orders:ADDR (comma-separated or several arguments).",
            "An orders: channel is signed with --key-file when the server requires signatures."})
public final class WatchCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "CHANNELS", description = "Channels, e.g. trades:1,book:1,orders:0xa11ce.")
    List<String> channels;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events (subscribed and snapshot included).")
    Long count;

    @Option(names = "--timeout", paramLabel = "SECS", description = "Stop after SECS seconds.")
    Double timeout;

    @Option(names = "--last-event-id", paramLabel = "N", description = "Resume after event N (Last-Event-ID).")
    Long lastEventId;

    @Override
    void validate() {
        if (count != null && count < 1) {
            throw usage("--count must be positive");
        }
        if (timeout != null && !(timeout > 0)) {
            throw usage("--timeout must be positive");
        }
    }

    @Override
    int run(ApiClient api) throws Exception {
        String list = String.join(",", channels).replace(" ", "");
        HttpResponse<InputStream> response = api.openStream("/v1/stream" + ApiClient.query("channels", list),
                list.contains("orders:"), lastEventId == null ? null : lastEventId.toString());
        if (response.statusCode() != 200) {
            throw streamFailure(response);
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.round(timeout * 1e9);
        long seen = 0;
        try (Sse sse = new Sse(response.body())) {
            while (count == null || seen < count) {
                Sse.Event e = sse.next(deadline);
                if (e == null) {
                    if (sse.failure() != null) {
                        throw new ClientException(ExitCodes.ERROR, sse.failure());
                    }
                    if (sse.ended()) {
                        throw new ClientException(ExitCodes.UNAVAILABLE, "the server closed the stream");
                    }
                    break;
                }
                seen++;
                if (json()) {
                    JsonNode data;
                    try {
                        data = ApiClient.MAPPER.readTree(e.data());
                    } catch (IOException ex) {
                        data = ApiClient.MAPPER.getNodeFactory().textNode(e.data());
                    }
                    out().println(ApiClient.MAPPER.createObjectNode().put("id", e.id()).put("event", e.event())
                            .set("data", data).toString());
                } else {
                    // What the server sent, with its control characters shown, not acted on by the terminal.
                    out().println(TerminalText.escaped((e.id() == null ? "-" : e.id()) + " " + e.event() + " "
                            + e.data().replace('\n', ' ')));
                }
                out().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** The error of a refused stream request (never an order rejection). */
    static ClientException streamFailure(HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        JsonNode json = null;
        try {
            json = ApiClient.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return ApiClient.failure(new ApiClient.Reply(response.statusCode(), json, body), false);
    }
}
