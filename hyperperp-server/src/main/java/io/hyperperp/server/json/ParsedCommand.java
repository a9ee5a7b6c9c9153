package io.hyperperp.server.json;

import io.hyperperp.core.command.Command;
import java.util.Objects;

/**
 * A successfully parsed command.
 *
 * @param command the core command, ready for the engine
 */
public record ParsedCommand(Command command) implements ParseResult {

    /** Checks the command is present. */
    public ParsedCommand {
        Objects.requireNonNull(command, "command");
    }
}
