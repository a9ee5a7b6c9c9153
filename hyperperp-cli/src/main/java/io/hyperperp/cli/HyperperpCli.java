package io.hyperperp.cli;

import io.hyperperp.cli.client.AccountCommand;
import io.hyperperp.cli.client.AmendCommand;
import io.hyperperp.cli.client.BatchesCommand;
import io.hyperperp.cli.client.BookCommand;
import io.hyperperp.cli.client.CancelAllCommand;
import io.hyperperp.cli.client.CancelCommand;
import io.hyperperp.cli.client.ClientErrorHandler;
import io.hyperperp.cli.client.DepositCommand;
import io.hyperperp.cli.client.FundingCommand;
import io.hyperperp.cli.client.HealthCommand;
import io.hyperperp.cli.client.KeygenCommand;
import io.hyperperp.cli.client.LeverageCommand;
import io.hyperperp.cli.client.MarkPriceCommand;
import io.hyperperp.cli.client.MarketsCommand;
import io.hyperperp.cli.client.OrdersCommand;
import io.hyperperp.cli.client.PositionsCommand;
import io.hyperperp.cli.client.SubmitCommand;
import io.hyperperp.cli.client.TradesCommand;
import io.hyperperp.cli.client.WatchCommand;
import io.hyperperp.cli.client.WithdrawCommand;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hyperperp} command line: the server ({@code serve}), its clients ({@code submit},
 * {@code book}, ...), offline tools ({@code replay}, {@code bench}, {@code aptos}). Exit codes: 0 ok,
 * 1 error, 2 usage, 3 order rejected, 4 server unavailable (docs/cli.md).
 */
@Command(name = "hyperperp",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "HyperPerp matching engine: server, client and tools.",
        subcommands = {io.hyperperp.cli.serve.ServeCommand.class,
                SubmitCommand.class, CancelCommand.class, CancelAllCommand.class, AmendCommand.class,
                BookCommand.class, OrdersCommand.class, TradesCommand.class, PositionsCommand.class,
                MarketsCommand.class, BatchesCommand.class, WatchCommand.class, HealthCommand.class,
                KeygenCommand.class, AccountCommand.class, DepositCommand.class, WithdrawCommand.class,
                LeverageCommand.class, MarkPriceCommand.class, FundingCommand.class,
                ReplayCommand.class, BenchCommand.class,
                io.hyperperp.cli.aptos.AptosCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
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
        commandLine.setExecutionExceptionHandler(new ClientErrorHandler(new ErrorHandler()));
        return HelpExamples.addTo(StrictNumbers.registerOn(commandLine));
    }

    /** Without a subcommand: usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
