package io.hyperperp.core.runtime;

import io.hyperperp.core.event.EngineEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands the engine thread processed in one go, with their events. A group is the unit of
 * group commit: it is handed to the {@link CommitHook} whole, and its futures complete only after
 * the hook returns.
 *
 * @param commands processed commands, in processing order
 */
public record ProcessedGroup(List<ProcessedCommand> commands) {

    /** Copies the list. */
    public ProcessedGroup {
        commands = List.copyOf(commands);
    }

    /** All events of the group, in sequence order. */
    public List<EngineEvent> events() {
        List<EngineEvent> all = new ArrayList<>();
        for (ProcessedCommand c : commands) {
            all.addAll(c.events());
        }
        return all;
    }
}
