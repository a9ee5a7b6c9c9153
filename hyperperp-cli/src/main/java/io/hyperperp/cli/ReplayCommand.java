package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hyperperp replay}: runs a command log through the engine and prints a JSON summary. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {"Run a command log (JSON Lines) through an in-process matching engine and print a JSON "
                + "summary on stdout.",
            "Malformed lines are reported on stderr as 'line N: reason' and skipped (or stop the run with --strict)."})
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

    @Option(names = "--trades-out", paramLabel = "FILE", description = "Write every fill as JSON Lines.")
    Path tradesOut;

    @Option(names = "--book-out", paramLabel = "FILE", description = "Write the final L2 books (all levels) as JSON.")
    Path bookOut;

    @Option(names = "--events-out", paramLabel = "FILE", description = "Write every engine event as JSON Lines.")
    Path eventsOut;

    @Option(names = "--strict", description = "Stop with exit code 1 at the first malformed line.")
    boolean strict;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReplaySummary summary = new ReplayRunner(
                new ReplayOptions(commands, markets, tradesOut, bookOut, eventsOut, strict),
                spec.commandLine().getErr()).run();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(mapper.writeValueAsString(summary.toJson(mapper)));
        out.flush();
        return 0;
    }
}
