package io.hyperperp.server.ha;

import io.hyperperp.core.runtime.CommitHook;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.Objects;

/**
 * The commit hook of an HA instance's engine: while following, the groups it sees are commands replayed from the
 * log, already committed by the leader, so it keeps nothing; once leading, it is the fenced JDBC hook. A refusal
 * (another instance took over) is reported before it reaches the runtime.
 */
final class SwitchableCommitHook implements CommitHook {

    private final Runnable onRefused;
    private volatile CommitHook delegate = CommitHook.NONE;

    /** @param onRefused called when the leading hook is refused for good (the instance steps down) */
    SwitchableCommitHook(Runnable onRefused) {
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
    }

    /** From now on groups are this instance's own and go to {@code hook}; call only between groups. */
    void lead(CommitHook hook) {
        this.delegate = Objects.requireNonNull(hook, "hook");
    }

    @Override
    public void commit(ProcessedGroup group) throws Exception {
        try {
            delegate.commit(group);
        } catch (CommitRefusedException e) {
            onRefused.run();
            throw e;
        }
    }
}
