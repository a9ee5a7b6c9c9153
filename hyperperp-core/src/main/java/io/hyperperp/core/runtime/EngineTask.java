package io.hyperperp.core.runtime;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What waits in an {@link EngineRuntime}'s queue: a command or a read-only query, with its future. */
sealed interface EngineTask permits EngineTask.CommandTask, EngineTask.BatchTask, EngineTask.QueryTask {

    /** Completes the future as not run: the runtime has stopped. */
    void shutDown();

    /** A command to process, with its flat form (made on the submitting thread, see {@link MatchingEngine#intake()}). */
    record CommandTask(Command command, FlatCommand flat, CompletableFuture<CommandResult> future)
            implements EngineTask {
        @Override
        public void shutDown() {
            future.complete(new CommandResult(CommandResult.Status.SHUT_DOWN, command, List.of()));
        }
    }

    /** Commands queued together ({@link EngineRuntime#submitAll}), processed in order in one group. */
    record BatchTask(List<CommandTask> tasks) implements EngineTask {
        @Override
        public void shutDown() {
            tasks.forEach(CommandTask::shutDown);
        }
    }

    /** A function to run on the engine, in order with the commands. */
    record QueryTask<T>(Function<MatchingEngine, T> function, CompletableFuture<T> future) implements EngineTask {

        /** Runs the function now; the returned completion hands its value (or failure) over. */
        Runnable runAndPrepare(MatchingEngine engine) {
            try {
                T value = function.apply(engine);
                return () -> future.complete(value);
            } catch (RuntimeException e) {
                return () -> future.completeExceptionally(e);
            }
        }

        @Override
        public void shutDown() {
            future.completeExceptionally(new IllegalStateException("engine runtime is shut down"));
        }
    }
}
