package io.hyperperp.cli.client;

import io.hyperperp.cli.HasCommonOptions;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a {@link ClientException} as one line {@code error: ...} with its exit code and hands
 * every other exception to the CLI's general handler (exit code 1).
 */
public final class ClientErrorHandler implements IExecutionExceptionHandler {

    private final IExecutionExceptionHandler fallback;

    /** Wraps the general handler. */
    public ClientErrorHandler(IExecutionExceptionHandler fallback) {
        this.fallback = fallback;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (!(ex instanceof ClientException c)) {
            return fallback.handleExecutionException(ex, commandLine, parseResult);
        }
        PrintWriter err = commandLine.getErr();
        // Messages carry what a server sent (codes, messages, answers that are not HTTP).
        err.println("error: " + TerminalText.safe(c.getMessage()));
        if (commandLine.getCommand() instanceof HasCommonOptions h && h.common().verbose()) {
            c.printStackTrace(err);
        }
        err.flush();
        return c.exitCode();
    }
}
