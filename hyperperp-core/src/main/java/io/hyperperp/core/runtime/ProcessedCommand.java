package io.hyperperp.core.runtime;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.EngineEvent;
import java.util.List;

/**
 * One command and the events it produced.
 *
 * @param command the command
 * @param events  its events, in sequence order
 */
public record ProcessedCommand(Command command, List<EngineEvent> events) {

    /** Copies the events. */
    public ProcessedCommand {
        events = List.copyOf(events);
    }
}
