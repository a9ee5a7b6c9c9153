package io.hyperperp.core.runtime;

/**
 * Makes a processed group durable before its commands are acknowledged (group commit). Called on
 * the runtime's commit thread, one group at a time and in order; the group's futures complete only
 * after it returns.
 *
 * <p>If it throws, the runtime reports itself unavailable (new commands are refused with
 * {@link CommandResult.Status#UNAVAILABLE}, queued ones wait) and calls it again with the same
 * group, with back-off, until it succeeds: nothing already processed is dropped.
 */
@FunctionalInterface
public interface CommitHook {

    /** Persists the group; throws if it could not. */
    void commit(ProcessedGroup group) throws Exception;

    /** A hook that keeps nothing (in-memory mode). */
    CommitHook NONE = group -> {
    };
}
