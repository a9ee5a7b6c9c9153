package io.hyperperp.core.runtime;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The thread-safe front of a {@link MatchingEngine}: one engine thread, a bounded multi-producer
 * queue, group commit, and a {@link CompletableFuture} per command.
 *
 * <p>The engine thread takes whatever is queued (up to {@code maxGroupSize}), processes it and
 * passes the group to the commit thread, which hands it to the {@link CommitHook}, completes the
 * group's futures, then tells the {@link GroupListener}s. The two overlap: the engine processes
 * the next groups while the previous one commits, and whatever was processed meanwhile is
 * committed together in the next transaction (at most {@code maxGroupsInFlight} groups wait; then
 * the engine thread waits too). Commits happen strictly in order.
 *
 * <p>A full queue answers {@link CommandResult.Status#OVERLOADED} at once instead of blocking; a
 * failing hook makes new commands answer {@link CommandResult.Status#UNAVAILABLE} while the
 * group is retried, and nothing processed is dropped.
 *
 * <p>With {@link Builder#timeAdvance} set, an idle engine does not leave due orders waiting for
 * traffic: every resolution interval a clock thread compares its clock with the engine's next
 * expiry and, when that has passed, queues an {@link AdvanceTime} command like any other (so it is
 * committed, logged and replayed with the rest).
 *
 * <p>With {@link Builder#inlineCommit} the engine thread commits each group itself, with no commit
 * thread: for a hook that only updates memory, a second thread costs a hand-off per group and buys nothing.
 * With {@link Builder#callerRuns} as well, a submitting thread that finds the engine free processes the
 * queue itself (its own command included) under the engine's lock, so an uncontended command crosses no
 * thread; commands still run one at a time in one serial order, the order the hook and listeners see.
 */
public final class EngineRuntime implements AutoCloseable {

    private final BlockingQueue<EngineTask> queue;
    private final GroupCommit commit;
    private final GroupProcessor processor;
    private final QueueDrain drain;
    private volatile boolean accepting = true;
    private final TimeAdvancer timeAdvancer;
    /** Flattens each command on the submitting thread, so the engine thread reads it flat. */
    private final CommandIntake intake;

    private EngineRuntime(Builder b) {
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = b.image == null ? new MatchingEngine(b.markets, recorder)
                : MatchingEngine.restore(b.markets, recorder, b.image);
        this.intake = engine.intake();
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.commit = new GroupCommit(b.commitHook, b.listeners, b.retryInitialMillis, b.retryMaxMillis,
                b.commitGatherMicros * 1_000, b.maxGroupsInFlight, b.inlineCommit, b.threadName + "-commit");
        this.processor = new GroupProcessor(engine, recorder, b.captureAccounts, commit);
        this.drain = new QueueDrain(queue, b.maxGroupSize, processor, commit, b.callerRuns, () -> accepting,
                b.threadName);
        this.timeAdvancer = b.timeAdvanceMillis > 0
                ? new TimeAdvancer(this, b.timeAdvanceMillis, b.clockMicros, b.threadName + "-clock") : null;
    }

    /** The default of {@link Builder#commitGather}: 2 ms. */
    public static final long DEFAULT_COMMIT_GATHER_MICROS = 2_000;

    /** A builder over the given markets. */
    public static Builder builder(MarketRegistry markets) {
        return new Builder(markets);
    }

    /**
     * Queues a command. The future completes after the command's group is committed, or at once
     * with OVERLOADED, UNAVAILABLE or SHUT_DOWN when the command cannot be taken. With
     * {@link Builder#callerRuns}, it may already be complete when this returns.
     */
    public CompletableFuture<CommandResult> submit(Command command) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        if (!accepting) {
            future.complete(new CommandResult(CommandResult.Status.SHUT_DOWN, command, List.of()));
        } else if (commit.unavailable() || commit.refused()) {
            future.complete(new CommandResult(CommandResult.Status.UNAVAILABLE, command, List.of()));
        } else if (!queue.offer(new EngineTask.CommandTask(command, intake.flatten(command), future))) {
            future.complete(new CommandResult(CommandResult.Status.OVERLOADED, command, List.of()));
        } else {
            drain.queued();
        }
        return future;
    }

    /**
     * Queues commands as one task: the engine processes them in this order, in the same group, and completes
     * their futures together, in this order, after that group is committed (so the last to complete is the
     * last command's). A batch of orders so crosses to the engine once and its caller waits once, not once per
     * order. When the batch cannot be taken, every future says why at once, as {@link #submit} does.
     */
    public List<CompletableFuture<CommandResult>> submitAll(List<Command> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        List<EngineTask.CommandTask> tasks = new ArrayList<>(commands.size());
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(commands.size());
        for (Command command : commands) {
            EngineTask.CommandTask task = new EngineTask.CommandTask(Objects.requireNonNull(command, "command"),
                    intake.flatten(command), new CompletableFuture<>());
            tasks.add(task);
            futures.add(task.future());
        }
        CommandResult.Status refusal = !accepting ? CommandResult.Status.SHUT_DOWN
                : commit.unavailable() || commit.refused() ? CommandResult.Status.UNAVAILABLE
                : queue.offer(new EngineTask.BatchTask(tasks)) ? null : CommandResult.Status.OVERLOADED;
        if (refusal != null) {
            for (EngineTask.CommandTask t : tasks) {
                t.future().complete(new CommandResult(refusal, t.command(), List.of()));
            }
        } else {
            drain.queued();
        }
        return futures;
    }

    /**
     * Runs a read-only function on the engine, in order with the commands; the future
     * completes after the group it ran in is committed. Full queues fail it with
     * {@link OverloadedException}.
     */
    public <T> CompletableFuture<T> query(Function<MatchingEngine, T> function) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!accepting) {
            future.completeExceptionally(new IllegalStateException("engine runtime is shut down"));
        } else if (!queue.offer(new EngineTask.QueryTask<>(function, future))) {
            future.completeExceptionally(new OverloadedException());
        } else {
            drain.queued();
        }
        return future;
    }

    /** Commands and queries waiting for the engine. */
    public int queueDepth() {
        return queue.size();
    }

    /** True while the commit hook is failing, and for good once it refused this writer. */
    public boolean isUnavailable() {
        return commit.unavailable() || commit.refused();
    }

    /** True once the commit hook refused this writer ({@link CommitRefusedException}): nothing commits any more. */
    public boolean isRefused() {
        return commit.refused();
    }

    /** True until shutdown began. */
    public boolean isRunning() {
        return accepting && !commit.stopped();
    }

    /**
     * Stops taking commands, processes and commits everything queued, then stops the thread.
     * Waits at most {@code timeoutMillis}; returns true if the thread stopped in time. A commit still
     * failing then (the store is down) is given up: the commands waiting for it are answered
     * {@link CommandResult.Status#SHUT_DOWN} and were never committed.
     */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        accepting = false;
        if (timeAdvancer != null) {
            timeAdvancer.stop();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        boolean engineStopped = drain.stop(timeoutMillis);
        if (commit.join(deadline - System.currentTimeMillis())) {
            return engineStopped;
        }
        // The commit keeps failing (the store is down): stop retrying, and answer what waits as not committed,
        // so that neither the callers nor the process wait for ever.
        commit.abandon();
        commit.join(1_000);
        return false;
    }

    @Override
    public void close() {
        try {
            shutdown(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The engine's earliest pending expiry as of the last processed group, or {@link Long#MAX_VALUE}. */
    long nextExpiry() {
        return processor.nextExpiry();
    }

    /** Thrown into query futures when the queue is full. */
    public static final class OverloadedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverloadedException() {
            super("engine queue is full");
        }
    }

    /** Configures an {@link EngineRuntime}. */
    public static final class Builder {
        private final MarketRegistry markets;
        private EngineImage image;
        private int queueCapacity = 65_536;
        private int maxGroupSize = 4_096;
        private int maxGroupsInFlight = 16;
        private CommitHook commitHook = CommitHook.NONE;
        private final List<GroupListener> listeners = new ArrayList<>();
        private long retryInitialMillis = 10;
        private long retryMaxMillis = 1_000;
        private long commitGatherMicros = DEFAULT_COMMIT_GATHER_MICROS;
        private String threadName = "hyperperp-engine";
        private boolean captureAccounts;
        private long timeAdvanceMillis;
        private LongSupplier clockMicros;
        private boolean inlineCommit;
        private boolean callerRuns;

        private Builder(MarketRegistry markets) {
            this.markets = Objects.requireNonNull(markets, "markets");
        }

        /** Start from a restored image instead of an empty engine. */
        public Builder image(EngineImage value) {
            this.image = value;
            return this;
        }

        /** Bound of the command queue (default 65,536). */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queue capacity must be positive");
            }
            this.queueCapacity = value;
            return this;
        }

        /** Most commands per group commit (default 4,096). */
        public Builder maxGroupSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("group size must be positive");
            }
            this.maxGroupSize = value;
            return this;
        }

        /** Processed groups that may wait for their commit while the engine goes on (default 16). */
        public Builder maxGroupsInFlight(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("groups in flight must be positive");
            }
            this.maxGroupsInFlight = value;
            return this;
        }

        /** The persistence hook (default: none, in-memory). */
        public Builder commitHook(CommitHook value) {
            this.commitHook = Objects.requireNonNull(value, "commitHook");
            return this;
        }

        /** Adds a listener for committed groups. */
        public Builder listener(GroupListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Back-off of commit retries: first wait and ceiling, in milliseconds. */
        public Builder commitRetry(long initialMillis, long maxMillis) {
            this.retryInitialMillis = Math.max(1, initialMillis);
            this.retryMaxMillis = Math.max(this.retryInitialMillis, maxMillis);
            return this;
        }

        /**
         * The longest time the commit thread waits, under load, for the commands of the clients its last
         * commit answered, so that clients waiting for their answers commit together rather than in two
         * alternating halves (default {@value EngineRuntime#DEFAULT_COMMIT_GATHER_MICROS} µs; never more than half the last
         * commit's time; 0 = never wait). Only a runtime with a commit thread waits.
         */
        public Builder commitGather(long maxMicros) {
            if (maxMicros < 0 || maxMicros > 1_000_000) {
                throw new IllegalArgumentException("commit gather must be 0 to 1,000,000 µs");
            }
            this.commitGatherMicros = maxMicros;
            return this;
        }

        /**
         * Whether each {@link ProcessedGroup} carries the ledger state of the accounts it changed
         * (default false): persistence writes accounts from it, since the engine moves on while a
         * group commits.
         */
        public Builder captureAccounts(boolean value) {
            this.captureAccounts = value;
            return this;
        }

        /**
         * Expire due orders on an idle engine: every {@code resolutionMillis} (0 = never, the
         * default), if {@code clockMicros} has passed the engine's next expiry, queue an
         * {@link AdvanceTime} at that clock reading.
         */
        public Builder timeAdvance(long resolutionMillis, LongSupplier clockMicros) {
            if (resolutionMillis < 0) {
                throw new IllegalArgumentException("time advance resolution must be >= 0");
            }
            this.timeAdvanceMillis = resolutionMillis;
            this.clockMicros = Objects.requireNonNull(clockMicros, "clockMicros");
            return this;
        }

        /**
         * Whether the engine thread commits each group itself (default false: a commit thread does,
         * while the engine processes the next groups). Worth it when the hook is cheap, as in memory.
         */
        public Builder inlineCommit(boolean value) {
            this.inlineCommit = value;
            return this;
        }

        /**
         * Whether a submitting thread processes the queue itself when the engine is free (default false),
         * instead of handing its command to the engine thread: one serial order still, under a lock, and
         * no thread crossed when uncontended. Needs {@link #inlineCommit}: the submitter then also runs the
         * commit hook and the listeners, so both must be quick and must not block (memory only).
         */
        public Builder callerRuns(boolean value) {
            this.callerRuns = value;
            return this;
        }

        /** Name of the engine thread. */
        public Builder threadName(String value) {
            this.threadName = Objects.requireNonNull(value);
            return this;
        }

        /** Starts the engine thread. */
        public EngineRuntime start() {
            if (callerRuns && !inlineCommit) {
                throw new IllegalStateException("callerRuns needs inlineCommit");
            }
            return new EngineRuntime(this);
        }
    }
}
