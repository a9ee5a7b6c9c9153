package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.cli.client.ApiClient;
import io.hyperperp.cli.client.ClientOptions;
import io.hyperperp.cli.client.ServerReplay;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import io.hyperperp.core.risk.MarginMode;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hyperperp replay}: runs a command log through the engine and prints a JSON summary. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Run a command log (JSON Lines) through an in-process matching engine and print a JSON "
                + "summary on stdout.",
            "Malformed lines are reported on stderr as 'line N: reason' and skipped (or stop the run with --strict).",
            "With --server URL the log is sent to a running server instead, one REST request per command, "
                + "and the summary counts answers (progress bar when stderr is a terminal)."})
public final class ReplayCommand implements Callable<Integer>, HasCommonOptions {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--commands", required = true, paramLabel = "FILE", description = "Command log, one JSON object per line.")
    Path commands;

    @Option(names = "--markets", paramLabel = "FILE",
            description = "Market configuration: {\"allow_unknown_markets\":true,\"markets\":[...]}. Default: every market id gets the default spec.")
    Path markets;

    @Option(names = "--margin", paramLabel = "MODE", converter = MarginConverter.class,
            description = "cross or none for every market, overriding the markets file's margin (default: the file's,"
                    + " none without one, so that existing logs replay as they always did).")
    MarginMode margin;

    @Option(names = "--trades-out", paramLabel = "FILE", description = "Write every fill as JSON Lines.")
    Path tradesOut;

    @Option(names = "--book-out", paramLabel = "FILE", description = "Write the final L2 books (all levels) as JSON.")
    Path bookOut;

    @Option(names = "--events-out", paramLabel = "FILE", description = "Write every engine event as JSON Lines.")
    Path eventsOut;

    @Option(names = "--strict", description = "Stop with exit code 1 at the first malformed line.")
    boolean strict;

    @Option(names = "--server", paramLabel = "URL",
            description = "Send the commands to this running server (REST) instead of replaying offline.")
    String server;

    @Option(names = "--rate", paramLabel = "R", description = "With --server: at most R commands per second (default: as fast as answers come).")
    Double rate;

    @Option(names = "--key-file", paramLabel = "F",
            description = "With --server: sign requests with this Ed25519 key (servers with auth.mode=signature).")
    Path keyFile;

    @Option(names = "--request-timeout", paramLabel = "SECS", defaultValue = "10",
            description = "With --server: connect and request timeout in seconds (default ${DEFAULT-VALUE}).")
    double requestTimeout;

    /** Parses {@code --margin}. */
    static final class MarginConverter implements picocli.CommandLine.ITypeConverter<MarginMode> {
        @Override
        public MarginMode convert(String value) {
            try {
                return MarginMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("must be cross or none: '" + value + "'");
            }
        }
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (server != null) {
            return callServer(out);
        }
        if (rate != null || keyFile != null) {
            throw new ParameterException(spec.commandLine(), "--rate and --key-file need --server");
        }
        ReplaySummary summary = new ReplayRunner(
                new ReplayOptions(commands, markets, tradesOut, bookOut, eventsOut, strict, margin),
                spec.commandLine().getErr(), Progress.stderrIsTerminal()).run();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(mapper.writeValueAsString(summary.toJson(mapper)));
        out.flush();
        return 0;
    }

    private int callServer(PrintWriter out) throws Exception {
        if (markets != null || tradesOut != null || bookOut != null || eventsOut != null || margin != null) {
            throw new ParameterException(spec.commandLine(), "--markets, --margin, --trades-out, --book-out and"
                    + " --events-out are for offline replays (without --server)");
        }
        if (rate != null && !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be positive");
        }
        if (!(requestTimeout > 0)) {
            throw new ParameterException(spec.commandLine(), "--request-timeout must be positive");
        }
        try (ApiClient api = new ApiClient(ClientOptions.baseUri(spec, server), ClientOptions.loadKey(keyFile),
                Duration.ofMillis(Math.max(1, Math.round(requestTimeout * 1000))))) {
            ObjectNode summary = new ServerReplay(api, commands, rate == null ? 0 : rate, strict,
                    spec.commandLine().getErr(), Progress.stderrIsTerminal()).run();
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(summary));
            out.flush();
        }
        return 0;
    }
}
