package io.hyperperp.core.runtime;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.risk.LedgerImage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 */
public final class EngineRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EngineRuntime.class.getName());

    private final MatchingEngine engine;
    private final EventRecorder recorder;
    private final BlockingQueue<Task> queue;
    private final int maxGroupSize;
    private final CommitHook commitHook;
    private final boolean captureAccounts;
    private final List<GroupListener> listeners;
    private final long retryInitialMillis;
    private final long retryMaxMillis;
    private final Thread thread;
    /** The commit thread, or null when the engine thread commits ({@link Builder#inlineCommit}). */
    private final Thread committer;
    private final BlockingQueue<PendingGroup> commits;
    private volatile boolean accepting = true;
    private volatile boolean unavailable;
    private volatile boolean stopped;
    private volatile boolean refused;
    /** The engine's next expiry after the last processed group, for the clock thread. */
    private volatile long nextExpiry = Long.MAX_VALUE;
    private final TimeAdvancer timeAdvancer;

    private EngineRuntime(Builder b) {
        this.recorder = new EventRecorder();
        this.engine = b.image == null ? new MatchingEngine(b.markets, recorder)
                : MatchingEngine.restore(b.markets, recorder, b.image);
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.maxGroupSize = b.maxGroupSize;
        this.commitHook = b.commitHook;
        this.captureAccounts = b.captureAccounts;
        this.listeners = List.copyOf(b.listeners);
        this.retryInitialMillis = b.retryInitialMillis;
        this.retryMaxMillis = b.retryMaxMillis;
        this.commits = new ArrayBlockingQueue<>(b.maxGroupsInFlight);
        this.thread = new Thread(this::run, b.threadName);
        this.thread.setDaemon(false);
        this.committer = b.inlineCommit ? null : new Thread(this::commitLoop, b.threadName + "-commit");
        this.nextExpiry = engine.nextExpiry();
        if (committer != null) {
            committer.setDaemon(false);
            committer.start();
        }
        this.thread.start();
        this.timeAdvancer = b.timeAdvanceMillis > 0
                ? new TimeAdvancer(this, b.timeAdvanceMillis, b.clockMicros, b.threadName + "-clock") : null;
    }

    /** A builder over the given markets. */
    public static Builder builder(MarketRegistry markets) {
        return new Builder(markets);
    }

    /**
     * Queues a command. The future completes after the command's group is committed, or at once
     * with OVERLOADED, UNAVAILABLE or SHUT_DOWN when the command cannot be taken.
     */
    public CompletableFuture<CommandResult> submit(Command command) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        if (!accepting) {
            future.complete(new CommandResult(CommandResult.Status.SHUT_DOWN, command, List.of()));
        } else if (unavailable || refused) {
            future.complete(new CommandResult(CommandResult.Status.UNAVAILABLE, command, List.of()));
        } else if (!queue.offer(new CommandTask(command, future))) {
            future.complete(new CommandResult(CommandResult.Status.OVERLOADED, command, List.of()));
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
        List<CommandTask> tasks = new ArrayList<>(commands.size());
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(commands.size());
        for (Command command : commands) {
            CommandTask task = new CommandTask(Objects.requireNonNull(command, "command"), new CompletableFuture<>());
            tasks.add(task);
            futures.add(task.future);
        }
        CommandResult.Status refusal = !accepting ? CommandResult.Status.SHUT_DOWN
                : unavailable || refused ? CommandResult.Status.UNAVAILABLE
                : queue.offer(new BatchTask(tasks)) ? null : CommandResult.Status.OVERLOADED;
        if (refusal != null) {
            for (CommandTask t : tasks) {
                t.future.complete(new CommandResult(refusal, t.command, List.of()));
            }
        }
        return futures;
    }

    /**
     * Runs a read-only function on the engine thread, in order with the commands; the future
     * completes after the group it ran in is committed. Full queues fail it with
     * {@link OverloadedException}.
     */
    public <T> CompletableFuture<T> query(Function<MatchingEngine, T> function) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!accepting) {
            future.completeExceptionally(new IllegalStateException("engine runtime is shut down"));
        } else if (!queue.offer(new QueryTask<>(function, future))) {
            future.completeExceptionally(new OverloadedException());
        }
        return future;
    }

    /** Commands and queries waiting for the engine thread. */
    public int queueDepth() {
        return queue.size();
    }

    /** True while the commit hook is failing, and for good once it refused this writer. */
    public boolean isUnavailable() {
        return unavailable || refused;
    }

    /** True once the commit hook refused this writer ({@link CommitRefusedException}): nothing commits any more. */
    public boolean isRefused() {
        return refused;
    }

    /** True until shutdown began. */
    public boolean isRunning() {
        return accepting && !stopped;
    }

    /**
     * Stops taking commands, processes and commits everything queued, then stops the thread.
     * Waits at most {@code timeoutMillis}; returns true if the thread stopped in time.
     */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        accepting = false;
        if (timeAdvancer != null) {
            timeAdvancer.stop();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        thread.join(Math.max(1, timeoutMillis));
        if (committer == null) {
            return !thread.isAlive();
        }
        committer.join(Math.max(1, deadline - System.currentTimeMillis()));
        return !thread.isAlive() && !committer.isAlive();
    }

    @Override
    public void close() {
        try {
            shutdown(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Task> batch = new ArrayList<>(maxGroupSize);
        try {
            while (accepting || !queue.isEmpty()) {
                Task first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxGroupSize - 1);
                processGroup(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failRemaining();
            if (committer == null) {
                stopped = true;
            } else {
                try {
                    commits.put(PendingGroup.END);
                } catch (InterruptedException e) {
                    committer.interrupt();
                }
            }
        }
    }

    private void commitLoop() {
        List<PendingGroup> batch = new ArrayList<>();
        try {
            boolean ending = false;
            while (!ending) {
                batch.add(commits.take());
                commits.drainTo(batch);
                // Everything processed while the previous commit ran goes into one transaction.
                List<ProcessedCommand> merged = new ArrayList<>();
                List<Runnable> completions = new ArrayList<>();
                Map<String, LedgerImage.Account> accounts = new HashMap<>();
                List<Runnable> refusals = new ArrayList<>();
                for (PendingGroup pending : batch) {
                    if (pending == PendingGroup.END) {
                        ending = true;
                    } else {
                        merged.addAll(pending.group.commands());
                        completions.addAll(pending.completions);
                        refusals.addAll(pending.refusals);
                        for (LedgerImage.Account a : pending.group.accounts()) {
                            accounts.put(a.address(), a); // the latest state wins
                        }
                    }
                }
                batch.clear();
                List<LedgerImage.Account> latest = new ArrayList<>(accounts.values());
                latest.sort(Comparator.comparingLong(LedgerImage.Account::number));
                commit(new PendingGroup(new ProcessedGroup(merged, latest), completions, refusals));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
        }
    }

    /** Commits a group, completes its futures (or refuses them), then tells the listeners. */
    private void commit(PendingGroup pending) throws InterruptedException {
        ProcessedGroup group = pending.group;
        boolean empty = group.commands().isEmpty();
        boolean committed = !refused && (empty || commitWithRetry(group));
        for (Runnable completion : committed ? pending.completions : pending.refusals) {
            completion.run();
        }
        if (committed && !empty) {
            for (GroupListener listener : listeners) {
                try {
                    listener.onCommitted(group);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "group listener failed", e);
                }
            }
        }
    }

    /**
     * A processed group waiting for its commit, with what to complete afterwards: {@code completions} once
     * committed, {@code refusals} (UNAVAILABLE, nothing committed) if the hook refused this writer.
     */
    private record PendingGroup(ProcessedGroup group, List<Runnable> completions, List<Runnable> refusals) {
        static final PendingGroup END = new PendingGroup(new ProcessedGroup(List.of()), List.of(), List.of());
    }

    private void processGroup(List<Task> batch) throws InterruptedException {
        List<ProcessedCommand> processed = new ArrayList<>(batch.size());
        List<Runnable> completions = new ArrayList<>(batch.size());
        List<Runnable> refusals = new ArrayList<>(batch.size());
        for (Task task : batch) {
            if (task instanceof CommandTask c) {
                process(c, processed, completions, refusals);
            } else if (task instanceof BatchTask b) {
                for (CommandTask c : b.tasks) {
                    process(c, processed, completions, refusals);
                }
            } else if (task instanceof QueryTask<?> q) {
                completions.add(q.runAndPrepare(engine));
                refusals.add(() -> q.future.completeExceptionally(
                        new IllegalStateException("the store refused this engine's commits")));
            }
        }
        nextExpiry = engine.nextExpiry();
        List<LedgerImage.Account> accounts = captureAccounts ? TouchedAccounts.capture(engine, processed) : List.of();
        PendingGroup pending = new PendingGroup(new ProcessedGroup(processed, accounts), completions, refusals);
        if (committer == null) {
            commit(pending);
        } else {
            commits.put(pending);
        }
    }

    private void process(CommandTask c, List<ProcessedCommand> processed, List<Runnable> completions,
                         List<Runnable> refusals) {
        recorder.events().clear();
        RuntimeException failure = null;
        try {
            engine.process(c.command);
        } catch (RuntimeException e) {
            // An engine bug: keep whatever events it emitted so persistence matches memory.
            LOG.log(Level.ERROR, "engine failed on " + c.command.op() + " command", e);
            failure = e;
        }
        ProcessedCommand done = new ProcessedCommand(c.command, recorder.events());
        processed.add(done);
        RuntimeException error = failure;
        completions.add(error != null ? () -> c.future.completeExceptionally(error)
                : () -> c.future.complete(
                        new CommandResult(CommandResult.Status.PROCESSED, c.command, done.events())));
        refusals.add(() -> c.future.complete(
                new CommandResult(CommandResult.Status.UNAVAILABLE, c.command, List.of())));
    }

    /** The engine's earliest pending expiry as of the last processed group, or {@link Long#MAX_VALUE}. */
    long nextExpiry() {
        return nextExpiry;
    }

    /** @return true once committed, false if the hook refused this writer for good */
    private boolean commitWithRetry(ProcessedGroup group) throws InterruptedException {
        long backoff = retryInitialMillis;
        while (true) {
            try {
                commitHook.commit(group);
                if (unavailable) {
                    LOG.log(Level.INFO, "commit succeeded again; accepting commands");
                    unavailable = false;
                }
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (CommitRefusedException e) {
                LOG.log(Level.ERROR, "commit refused for good; this engine commits nothing more: " + e.getMessage());
                refused = true;
                return false;
            } catch (Exception e) {
                if (!unavailable) {
                    LOG.log(Level.ERROR, "commit failed; refusing new commands until it succeeds: " + e);
                    unavailable = true;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, retryMaxMillis);
            }
        }
    }

    private void failRemaining() {
        Task task;
        while ((task = queue.poll()) != null) {
            if (task instanceof QueryTask<?> q) {
                q.future.completeExceptionally(new IllegalStateException("engine runtime is shut down"));
            } else {
                for (CommandTask c : task instanceof BatchTask b ? b.tasks : List.of((CommandTask) task)) {
                    c.future.complete(new CommandResult(CommandResult.Status.SHUT_DOWN, c.command, List.of()));
                }
            }
        }
    }

    private sealed interface Task permits CommandTask, BatchTask, QueryTask {
    }

    /** Commands queued together ({@link #submitAll}). */
    private record BatchTask(List<CommandTask> tasks) implements Task {
    }

    private record CommandTask(Command command, CompletableFuture<CommandResult> future) implements Task {
    }

    private record QueryTask<T>(Function<MatchingEngine, T> function, CompletableFuture<T> future)
            implements Task {

        Runnable runAndPrepare(MatchingEngine engine) {
            try {
                T value = function.apply(engine);
                return () -> future.complete(value);
            } catch (RuntimeException e) {
                return () -> future.completeExceptionally(e);
            }
        }
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
        private String threadName = "hyperperp-engine";
        private boolean captureAccounts;
        private long timeAdvanceMillis;
        private LongSupplier clockMicros;
        private boolean inlineCommit;

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

        /** Name of the engine thread. */
        public Builder threadName(String value) {
            this.threadName = Objects.requireNonNull(value);
            return this;
        }

        /** Starts the engine thread. */
        public EngineRuntime start() {
            return new EngineRuntime(this);
        }
    }
}
