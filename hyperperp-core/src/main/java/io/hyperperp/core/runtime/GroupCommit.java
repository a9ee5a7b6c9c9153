package io.hyperperp.core.runtime;

import io.hyperperp.core.risk.LedgerImage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The commit stage of an {@link EngineRuntime}: hands each processed group to the {@link CommitHook}
 * (retrying while it fails), completes the group's futures, then tells the {@link GroupListener}s.
 *
 * <p>With a commit thread, groups processed while the previous commit ran are merged into one
 * transaction (at most {@code maxGroupsInFlight} wait; then {@link #accept} blocks the engine); under
 * load the commit thread first waits briefly for the clients the last commit answered ({@link #gatherReturning}).
 * Without one ({@code inline}), whoever processed the group commits it at once.
 */
final class GroupCommit {

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
    /** Below this many commands in the last commit the next one never waits: the load is light. */
    static final int GATHER_MIN_GROUP = 8;
    /** How often a wait looks at the queue (slices of the wait). */
    private static final int GATHER_SLICES = 4;

    /**
     * A processed group waiting for its commit, with what each task answers once the commit is decided
     * (committed, or refused for good by the hook).
     */
    record PendingGroup(ProcessedGroup group, List<Completion> completions) {
        static final PendingGroup END = new PendingGroup(new ProcessedGroup(List.of()), List.of());
    }

    private final CommitHook hook;
    private final List<GroupListener> listeners;
    private final long retryInitialMillis;
    private final long retryMaxMillis;
    /** The longest wait for returning commands, whatever the last commit took (0: never wait). */
    private final long gatherMaxNanos;
    /** The commit thread, or null when groups commit where they were processed. */
    private final Thread thread;
    private final BlockingQueue<PendingGroup> queue;
    private volatile boolean unavailable;
    private volatile boolean refused;
    private volatile boolean stopped;
    /** Set when the runtime stops waiting for a commit that keeps failing: what waits is answered, not committed. */
    private volatile boolean abandoned;
    /** Commands in the last group the commit thread committed, and its commit's time (hook, answers, listeners). */
    private int lastGroupSize;
    private long lastCommitNanos;

    GroupCommit(CommitHook hook, List<GroupListener> listeners, long retryInitialMillis, long retryMaxMillis,
                long gatherMaxNanos, int maxGroupsInFlight, boolean inline, String threadName) {
        this.hook = hook;
        this.listeners = List.copyOf(listeners);
        this.retryInitialMillis = retryInitialMillis;
        this.retryMaxMillis = retryMaxMillis;
        this.gatherMaxNanos = gatherMaxNanos;
        this.queue = new ArrayBlockingQueue<>(maxGroupsInFlight);
        this.thread = inline ? null : new Thread(this::run, threadName);
        if (thread != null) {
            thread.setDaemon(false);
            thread.start();
        }
    }

    /** True while the hook is failing. */
    boolean unavailable() {
        return unavailable;
    }

    /** True once the hook refused this writer for good. */
    boolean refused() {
        return refused;
    }

    /** True once the last group is committed (after {@link #end()}). */
    boolean stopped() {
        return stopped;
    }

    /** Commits a group now (inline) or queues it for the commit thread, waiting while too many wait. */
    void accept(PendingGroup pending) throws InterruptedException {
        if (thread == null) {
            commitInline(pending);
        } else if (!queue.offer(pending)) {
            // Full: the commit is slow or failing. Wait, unless the runtime gave up on it.
            while (!queue.offer(pending, 50, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    answerAbandoned(pending);
                    return;
                }
            }
        }
        if (abandoned) {
            answerQueued(); // the commit thread may have ended before this group was queued
        }
    }

    /**
     * Gives up on a commit that has kept failing past the shutdown timeout: the commit thread stops, and
     * every command waiting for a commit is answered {@link CommandResult.Status#SHUT_DOWN} (never as
     * committed: the process ends without it).
     */
    void abandon() {
        abandoned = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void answerQueued() {
        List<PendingGroup> left = new ArrayList<>();
        queue.drainTo(left);
        for (PendingGroup pending : left) {
            answerAbandoned(pending);
        }
    }

    private static void answerAbandoned(PendingGroup pending) {
        for (Completion completion : pending.completions) {
            completion.abandoned();
        }
    }

    /** No more groups: the commit thread commits what waits, then stops. */
    void end() throws InterruptedException {
        if (thread == null) {
            stopped = true;
        } else {
            queue.put(PendingGroup.END);
        }
    }

    /** Stops the commit thread at once (the engine thread could not hand it the end). */
    void abort() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Waits for the commit thread to stop; true if it did (always, inline). */
    boolean join(long millis) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    /**
     * An inline commit runs on whichever thread processed the group, possibly a request's: an interrupt
     * must not leave a processed group uncommitted and its futures open, so it is kept for afterwards.
     */
    private void commitInline(PendingGroup pending) {
        boolean interrupted = false;
        while (true) {
            try {
                commit(pending);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<PendingGroup> batch = new ArrayList<>();
        try {
            boolean ending = false;
            while (!ending) {
                batch.add(queue.take());
                queue.drainTo(batch);
                gatherReturning(batch);
                // Everything processed while the previous commit ran goes into one transaction.
                List<ProcessedCommand> merged = new ArrayList<>();
                List<Completion> completions = new ArrayList<>();
                Map<String, LedgerImage.Account> accounts = new HashMap<>();
                for (PendingGroup pending : batch) {
                    if (pending == PendingGroup.END) {
                        ending = true;
                    } else {
                        merged.addAll(pending.group.commands());
                        completions.addAll(pending.completions);
                        for (LedgerImage.Account a : pending.group.accounts()) {
                            accounts.put(a.address(), a); // the latest state wins
                        }
                    }
                }
                batch.clear();
                List<LedgerImage.Account> latest = new ArrayList<>(accounts.values());
                latest.sort(Comparator.comparingLong(LedgerImage.Account::number));
                long start = System.nanoTime();
                commit(new PendingGroup(new ProcessedGroup(merged, latest), completions));
                lastCommitNanos = System.nanoTime() - start;
                lastGroupSize = merged.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            if (abandoned) {
                answerQueued();
            }
        }
    }

    /**
     * Waits briefly for the commands of the clients the last commit answered. Under load from clients that
     * each wait for their answer before sending again (single HTTP orders), the commands split into two
     * cohorts that alternate: one commits while the other waits for the commit thread, so every commit
     * carries half of what is in flight and its fixed cost (round trips, WAL flush) is paid twice. When
     * fewer commands wait than seven eighths of those in flight (the last group plus the waiting ones), the
     * commit thread waits up to half the last commit's time (at most the configured bound; 0 turns the wait off) for more, in
     * a few slices; the answered clients' next commands then join the waiting ones. A light load (a last
     * group under {@link #GATHER_MIN_GROUP}) never waits, and nothing waits longer than the bound.
     */
    private void gatherReturning(List<PendingGroup> batch) {
        if (gatherMaxNanos == 0 || lastGroupSize < GATHER_MIN_GROUP || unavailable || refused || abandoned) {
            return;
        }
        int pending = commandsIn(batch);
        if (pending < 0) {
            return; // the end is queued: commit what there is
        }
        long target = (lastGroupSize + (long) pending) * 7 / 8;
        long window = Math.min(gatherMaxNanos, lastCommitNanos / 2);
        long deadline = System.nanoTime() + window;
        long slice = Math.max(1, window / GATHER_SLICES);
        while (pending < target && !abandoned) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, slice));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            int before = batch.size();
            queue.drainTo(batch);
            int more = commandsIn(batch.subList(before, batch.size()));
            if (more < 0) {
                return;
            }
            pending += more;
        }
    }

    /** Commands in the given groups, or -1 if the end is among them. */
    private static int commandsIn(List<PendingGroup> groups) {
        int count = 0;
        for (PendingGroup pending : groups) {
            if (pending == PendingGroup.END) {
                return -1;
            }
            count += pending.group.commands().size();
        }
        return count;
    }

    /** Commits a group, completes its futures (or refuses them), then tells the listeners. */
    private void commit(PendingGroup pending) throws InterruptedException {
        ProcessedGroup group = pending.group;
        boolean empty = group.commands().isEmpty();
        boolean committed;
        try {
            committed = !refused && (empty || commitWithRetry(group));
        } catch (InterruptedException e) {
            if (abandoned) {
                answerAbandoned(pending);
            }
            throw e;
        }
        for (Completion completion : pending.completions) {
            if (committed) {
                completion.committed();
            } else {
                completion.refused();
            }
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

    /** @return true once committed, false if the hook refused this writer for good */
    private boolean commitWithRetry(ProcessedGroup group) throws InterruptedException {
        long backoff = retryInitialMillis;
        while (true) {
            try {
                hook.commit(group);
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
                if (abandoned) {
                    throw new InterruptedException("abandoned"); // a driver may swallow the interrupt
                }
                if (!unavailable) {
                    LOG.log(Level.ERROR, "commit failed; refusing new commands until it succeeds: " + e);
                    unavailable = true;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, retryMaxMillis);
            }
        }
    }
}
