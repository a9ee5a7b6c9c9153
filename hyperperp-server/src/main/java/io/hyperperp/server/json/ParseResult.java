package io.hyperperp.server.json;

/** The outcome of parsing one command line: a {@link ParsedCommand} or a {@link ParseError}. */
public sealed interface ParseResult permits ParsedCommand, ParseError {

    /** True for a {@link ParsedCommand}. */
    default boolean ok() {
        return this instanceof ParsedCommand;
    }
}
