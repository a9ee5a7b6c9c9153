package io.hyperperp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hyperperp} command line: {@code replay} runs a command log through the matching
 * engine, {@code bench} measures it. Exit codes: 0 ok, 1 error, 2 usage.
 */
@Command(name = "hyperperp",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "HyperPerp matching engine tools.",
        subcommands = {io.hyperperp.cli.serve.ServeCommand.class, ReplayCommand.class, BenchCommand.class,
                io.hyperperp.cli.aptos.AptosCommand.class, CommandLine.HelpCommand.class})
public final class HyperperpCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A configured command line (error handling, exit codes); tests run it in-process. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new HyperperpCli());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        return commandLine;
    }

    /** Without a subcommand: usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
