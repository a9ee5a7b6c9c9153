package io.hyperperp.core.runtime;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.risk.LedgerImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands the engine thread processed in one go, with their events. A group is the unit of
 * group commit: it is handed to the {@link CommitHook} whole, and its futures complete only after
 * the hook returns.
 *
 * @param commands processed commands, in processing order
 * @param accounts the ledger state, after the group, of every account the group may have changed
 *                 (by account number), when the runtime captures accounts
 *                 ({@link EngineRuntime.Builder#captureAccounts(boolean)}); empty otherwise
 */
public record ProcessedGroup(List<ProcessedCommand> commands, List<LedgerImage.Account> accounts) {

    /** Copies the lists. */
    public ProcessedGroup {
        commands = List.copyOf(commands);
        accounts = List.copyOf(accounts);
    }

    /** A group without captured accounts. */
    public ProcessedGroup(List<ProcessedCommand> commands) {
        this(commands, List.of());
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
