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
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client commands alone, for {@link Main}: a command line that knows nothing of {@code serve},
 * {@code replay}, {@code bench} or {@code aptos}, so that a client command never loads the server,
 * PostgreSQL, the benchmark harness or the Aptos client (only the Ed25519 key, when it signs).
 * The same commands are also subcommands of {@link HyperperpCli}, which is what {@code --help} shows.
 */
@Command(name = "hyperperp",
        subcommands = {SubmitCommand.class, CancelCommand.class, CancelAllCommand.class, AmendCommand.class,
                BookCommand.class, OrdersCommand.class, TradesCommand.class, PositionsCommand.class,
                MarketsCommand.class, BatchesCommand.class, WatchCommand.class, HealthCommand.class,
                KeygenCommand.class, AccountCommand.class, DepositCommand.class, WithdrawCommand.class,
                LeverageCommand.class, MarkPriceCommand.class, FundingCommand.class})
public final class ClientCli {

    /** The first argument of a command this command line runs. */
    static final Set<String> COMMANDS = Set.of("submit", "cancel", "cancel-all", "amend", "book", "orders",
            "trades", "positions", "markets", "batches", "watch", "health", "keygen", "account", "deposit", "withdraw",
            "leverage", "mark-price", "funding");

    private ClientCli() {
    }

    /** Whether {@code args} run a client command (the subcommand comes first). */
    static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** A command line of the client commands with the same error handling and exit codes as {@link HyperperpCli}. */
    static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(ClientCli.class);
        commandLine.setExecutionExceptionHandler(new ClientErrorHandler(new ErrorHandler()));
        return HelpExamples.addTo(commandLine);
    }
}
