package io.hyperperp.core.runtime;

import java.util.List;

/**
 * What a processed task answers once its group's commit is decided: one object per task, so the
 * commit stage keeps a single list instead of one closure for each outcome.
 */
interface Completion {

    /** The group was committed (or needed no commit): hand the result over. */
    void committed();

    /** The store refused this writer: nothing of the group was committed. */
    void refused();

    /** The runtime shut down before the group could be committed (the store kept failing): nothing was. */
    void abandoned();

    /** A processed command: PROCESSED with its events, or the engine's failure; UNAVAILABLE if refused. */
    record OfCommand(EngineTask.CommandTask task, ProcessedCommand done, RuntimeException failure)
            implements Completion {
        @Override
        public void committed() {
            if (failure != null) {
                task.future().completeExceptionally(failure);
            } else {
                task.future().complete(
                        new CommandResult(CommandResult.Status.PROCESSED, task.command(), done.events()));
            }
        }

        @Override
        public void refused() {
            task.future().complete(new CommandResult(CommandResult.Status.UNAVAILABLE, task.command(), List.of()));
        }

        @Override
        public void abandoned() {
            task.future().complete(new CommandResult(CommandResult.Status.SHUT_DOWN, task.command(), List.of()));
        }
    }

    /** A query that ran: its value (or failure) once committed; an exception if refused. */
    record OfQuery(Runnable answer, EngineTask.QueryTask<?> task) implements Completion {
        @Override
        public void committed() {
            answer.run();
        }

        @Override
        public void refused() {
            task.future().completeExceptionally(
                    new IllegalStateException("the store refused this engine's commits"));
        }

        @Override
        public void abandoned() {
            task.future().completeExceptionally(
                    new IllegalStateException("shut down before the store could commit; nothing was"));
        }
    }
}
