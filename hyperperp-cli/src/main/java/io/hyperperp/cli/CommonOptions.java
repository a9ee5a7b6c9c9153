package io.hyperperp.cli;

import picocli.CommandLine.Option;

/** Options every subcommand has. */
public final class CommonOptions {

    /** Print stack traces of errors. */
    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }
}
