package io.hyperperp.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.cli.VersionProvider;
import io.hyperperp.server.json.UserAddresses;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hyperperp watch}: tails the event stream, one line per event. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Tail the Server-Sent Events stream (GET /v1/stream), one line per event: 'ID EVENT DATA'.",
            "CHANNELS: trades:M, book:M, orders:ADDR, account:ADDR (comma-separated or several arguments).",
            "An orders: or account: channel is signed with --key-file when the server requires signatures; those of"
                + " insurance_fund and fee_account take --admin-token instead.",
            "A stream the server ends at its age bound (a retry: hint) is reopened after the hinted delay, resuming after"
                + " the last event printed (Last-Event-ID); its new 'subscribed' event says resumed or resync."})
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

    @Mixin
    AdminToken admin;

    @Override
    int run(ApiClient api) throws Exception {
        String list = String.join(",", channels).replace(" ", "");
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.round(timeout * 1e9);
        long seen = 0;
        // A stream the server ends at its age bound is reopened after the last event printed (Last-Event-ID): the new
        // stream's "subscribed" says whether nothing was missed ("resumed": true) or the events in between are gone
        // and fresh snapshots follow ("resync": true).
        // The server asks a user's signature for both private channel kinds, and the admin token for a system account's.
        boolean signed = list.contains("orders:") || list.contains("account:");
        boolean system = Arrays.stream(list.split(",")).anyMatch(c -> c.indexOf(':') > 0
                && UserAddresses.isSystemAccount(c.substring(c.indexOf(':') + 1)));
        try (ReconnectingStream stream = new ReconnectingStream(api, "/v1/stream" + ApiClient.query("channels", list),
                signed, system ? admin.token : null, true, lastEventId == null ? null : lastEventId.toString())) {
            while (count == null || seen < count) {
                Sse.Event e = stream.next(deadline);
                if (e == null) {
                    break;
                }
                seen++;
                print(e);
            }
        }
        return ExitCodes.OK;
    }

    private void print(Sse.Event e) {
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
