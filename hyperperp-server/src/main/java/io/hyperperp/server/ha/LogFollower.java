package io.hyperperp.server.ha;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.jdbc.engine.CommandLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;

/**
 * Replays the committed command log into this instance's engine: the engine is deterministic, so the same
 * commands give the same state and events as on the leader. Starts after the command the engine's image was read
 * at and reads whole groups, by primary key.
 *
 * <p>Used by one thread (the instance's HA loop); {@link #applied()} and {@link #committed()} may be read from any.
 */
final class LogFollower {

    /** Groups read per round trip. */
    private static final int GROUPS_PER_READ = 64;

    private final Jdbi jdbi;
    private final EngineRuntime runtime;
    private final int window;
    private final long startedFrom;
    private volatile long applied;
    private volatile long committed;
    private volatile long caughtUpAtNanos = System.nanoTime();

    /**
     * @param jdbi    the shared database
     * @param runtime the engine to replay into (its commit hook keeps nothing while following)
     * @param applied the number of the last command already in the engine (a group boundary)
     * @param window  commands submitted before waiting for them (below the runtime's queue capacity)
     */
    LogFollower(Jdbi jdbi, EngineRuntime runtime, long applied, int window) {
        this.jdbi = jdbi;
        this.runtime = runtime;
        this.startedFrom = applied;
        this.applied = applied;
        this.committed = applied;
        this.window = Math.max(1, window);
    }

    /** @return number of the last command in the image this follower started from (nothing before it is replayed) */
    long startedFrom() {
        return startedFrom;
    }

    /** @return number of the last command replayed into the engine */
    long applied() {
        return applied;
    }

    /** @return number of the last committed command the last poll saw */
    long committed() {
        return committed;
    }

    /** @return commands committed on the leader but not yet replayed here (as of the last poll) */
    long lagCommands() {
        return Math.max(0, committed - applied);
    }

    /** @return milliseconds since this instance last had everything the leader had committed */
    long lagMillis() {
        return committed <= applied ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - caughtUpAtNanos);
    }

    /**
     * Replays what has been committed since the last call, up to {@link #GROUPS_PER_READ} groups.
     *
     * @return commands replayed (0 when caught up)
     */
    int poll() throws InterruptedException {
        long last = jdbi.withHandle(h -> h.createQuery("SELECT last_command_number FROM engine_state WHERE id = 1")
                .mapTo(Long.class).one());
        committed = last;
        if (last <= applied) {
            caughtUpAtNanos = System.nanoTime();
            return 0;
        }
        List<Command> commands = CommandLog.readGroupsAfter(jdbi, applied, GROUPS_PER_READ);
        if (commands.isEmpty()) {
            throw new IllegalStateException("engine_state says command " + last + " is committed but command_groups"
                    + " has no group after command " + applied);
        }
        for (int from = 0; from < commands.size(); from += window) {
            List<Command> chunk = commands.subList(from, Math.min(commands.size(), from + window));
            CompletableFuture<?>[] futures = new CompletableFuture<?>[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                futures[i] = runtime.submit(chunk.get(i));
            }
            for (CompletableFuture<?> future : futures) {
                CommandResult result = await(future);
                if (result.status() != CommandResult.Status.PROCESSED) {
                    throw new IllegalStateException("replaying the command log: the engine answered "
                            + result.status() + " to command " + (applied + 1));
                }
                applied++;
            }
        }
        if (applied >= committed) {
            caughtUpAtNanos = System.nanoTime();
        }
        return commands.size();
    }

    /** Replays until nothing committed is left (after taking the lease nothing more can be committed by others). */
    void catchUp() throws InterruptedException {
        while (poll() > 0 || applied < committed) {
            // next round
        }
    }

    private static CommandResult await(CompletableFuture<?> future) throws InterruptedException {
        try {
            return (CommandResult) future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("replaying the command log: the engine failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("replaying the command log: the engine did not answer in 60 s", e);
        }
    }
}
