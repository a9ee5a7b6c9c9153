package io.hyperperp.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a subcommand into one line {@code error: ...} on stderr and exit code 1;
 * the stack trace follows only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    /** Exit code for a failed run. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("error: " + message(ex));
        Object command = commandLine.getCommand();
        if (command instanceof HasCommonOptions c && c.common().verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static String message(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (raise -Xmx)";
        }
        String text = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
