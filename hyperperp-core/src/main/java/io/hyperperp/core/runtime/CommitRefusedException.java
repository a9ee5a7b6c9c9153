package io.hyperperp.core.runtime;

/**
 * Thrown by a {@link CommitHook} when the store refuses this writer for good, not for a while: another
 * instance took over the database (this one is fenced off). Retrying cannot succeed, so the runtime stops
 * committing: the group's commands and every later one answer {@link CommandResult.Status#UNAVAILABLE}
 * (none of them was committed) and the runtime accepts nothing more.
 */
public class CommitRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message why the store refuses this writer */
    public CommitRefusedException(String message) {
        super(message);
    }
}
