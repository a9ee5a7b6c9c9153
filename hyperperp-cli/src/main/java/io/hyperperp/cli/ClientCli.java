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
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client commands alone, for {@link Main}: a command line that knows nothing of {@code serve},
 * {@code replay}, {@code bench} or {@code aptos}, so that a client command never loads the server,
 * PostgreSQL, the benchmark harness or the Aptos client (only the Ed25519 key, when it signs). It
 * holds only the command being run: picocli reads every option of every subcommand it is given, by
 * reflection, and one is all a run needs. The same commands are also subcommands of
 * {@link HyperperpCli}, which is what {@code --help} shows.
 */
@Command(name = "hyperperp")
public final class ClientCli {

    /** The commands this command line runs, by the first argument. */
    static final Map<String, Class<?>> COMMANDS = Map.ofEntries(Map.entry("submit", SubmitCommand.class),
            Map.entry("cancel", CancelCommand.class), Map.entry("cancel-all", CancelAllCommand.class),
            Map.entry("amend", AmendCommand.class), Map.entry("book", BookCommand.class),
            Map.entry("orders", OrdersCommand.class), Map.entry("trades", TradesCommand.class),
            Map.entry("positions", PositionsCommand.class), Map.entry("markets", MarketsCommand.class),
            Map.entry("batches", BatchesCommand.class), Map.entry("watch", WatchCommand.class),
            Map.entry("health", HealthCommand.class), Map.entry("keygen", KeygenCommand.class),
            Map.entry("account", AccountCommand.class), Map.entry("deposit", DepositCommand.class),
            Map.entry("withdraw", WithdrawCommand.class), Map.entry("leverage", LeverageCommand.class),
            Map.entry("mark-price", MarkPriceCommand.class), Map.entry("funding", FundingCommand.class));

    private ClientCli() {
    }

    /** Whether {@code args} run a client command (the subcommand comes first). */
    static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.containsKey(args[0]);
    }

    /**
     * A command line of the client command {@code name} with the same error handling, exit codes and
     * help examples as {@link HyperperpCli}.
     */
    static CommandLine newCommandLine(String name) {
        Class<?> command = COMMANDS.get(name);
        if (command == null) {
            throw new IllegalArgumentException("not a client command: " + name);
        }
        CommandLine commandLine = new CommandLine(ClientCli.class).addSubcommand(name, command);
        commandLine.setExecutionExceptionHandler(new ClientErrorHandler(new ErrorHandler()));
        return HelpExamples.addTo(StrictNumbers.registerOn(commandLine));
    }
}
