package io.hyperperp.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Who takes an {@link EngineRuntime}'s queue to the engine: its engine thread and, with
 * {@link EngineRuntime.Builder#callerRuns}, the submitting threads themselves. Whoever processes holds
 * one lock, so there is one serial order; a group at a time is drained from the queue, processed and
 * handed to the commit stage.
 */
final class QueueDrain {

    /** Groups a submitting thread processes for others before it leaves the rest to the engine thread. */
    private static final int CALLER_GROUPS = 4;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<EngineTask> queue;
    private final int maxGroupSize;
    private final GroupProcessor processor;
    private final GroupCommit commit;
    private final boolean callerRuns;
    /** The runtime still takes commands; once false, the engine thread drains the queue and stops. */
    private final BooleanSupplier accepting;
    private final Thread thread;
    /** Held by whoever processes: the engine thread or, with callerRuns, a submitting thread. */
    private final ReentrantLock processing = new ReentrantLock();
    /**
     * Set, under {@link #processing}, once the engine stopped: whatever is queued later fails. Volatile so that a
     * submitter that queued after the engine thread's last look at the queue sees it and answers its task itself.
     */
    private volatile boolean drained;
    /** Set by a submitter that leaves queued work to the engine thread ({@link #runQueued}). */
    private volatile boolean handedOver;
    /** The engine thread's own: the queue's head when it last looked, with callerRuns. */
    private EngineTask leftBehind;
    /**
     * The tasks of the group being processed: one list for whoever holds {@link #processing}, so a submitting
     * thread that runs its own command allocates no list for it.
     */
    private final List<EngineTask> batch;

    QueueDrain(BlockingQueue<EngineTask> queue, int maxGroupSize, GroupProcessor processor, GroupCommit commit,
               boolean callerRuns, BooleanSupplier accepting, String threadName) {
        this.queue = queue;
        this.maxGroupSize = maxGroupSize;
        this.processor = processor;
        this.commit = commit;
        this.callerRuns = callerRuns;
        this.accepting = accepting;
        this.batch = new ArrayList<>(Math.min(maxGroupSize, 1024));
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(false);
        this.thread.start();
    }

    /** Called by a submitter after it queued a task: with callerRuns, it may process the queue itself. */
    void queued() {
        if (drained) {
            failQueuedAfterDrain();
        } else if (callerRuns) {
            runQueued();
        }
    }

    /**
     * Answers a task queued after the engine thread's final drain: it read {@code drained} false before that
     * drain (so the drain sees the task) or this submitter sees it true here. Waits for the lock, unlike
     * {@link #runQueued}, as the engine thread may still hold it in its final drain.
     */
    private void failQueuedAfterDrain() {
        processing.lock();
        try {
            failRemaining();
        } finally {
            processing.unlock();
        }
    }

    /** Wakes the engine thread to drain what is queued and stop (the runtime stopped accepting); true if it did in time. */
    boolean stop(long timeoutMillis) throws InterruptedException {
        LockSupport.unpark(thread);
        thread.join(Math.max(1, timeoutMillis));
        return !thread.isAlive();
    }

    /**
     * The submitting thread processes what is queued, its own command included, when nobody else is
     * processing: an uncontended command then crosses no thread at all. Whoever holds the lock looks at
     * the queue again after letting go, so a command queued meanwhile is never stranded; a thread that
     * has processed {@link #CALLER_GROUPS} groups for others leaves the rest to the engine thread.
     */
    private void runQueued() {
        int groups = 0;
        while (!queue.isEmpty() && processing.tryLock()) {
            try {
                if (groups++ == CALLER_GROUPS) {
                    handedOver = true;
                    LockSupport.unpark(thread);
                    return;
                }
                processQueued(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the inline commit keeps interrupts for afterwards
            } finally {
                processing.unlock();
            }
        }
    }

    /** The engine thread. */
    private void run() {
        try {
            while (accepting.getAsBoolean() || !queue.isEmpty()) {
                EngineTask first = null;
                if (callerRuns) {
                    // Submitters process themselves; this thread takes over only work left behind: handed over
                    // by a submitter, or still at the head of the queue a whole idle period later. Taking a
                    // task the moment it is queued would race its submitter and cost it a hand-off.
                    EngineTask head = queue.peek();
                    if (head == null || (head != leftBehind && !handedOver && accepting.getAsBoolean())) {
                        leftBehind = head;
                        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                        continue;
                    }
                    handedOver = false;
                } else if ((first = queue.poll(50, TimeUnit.MILLISECONDS)) == null) {
                    continue;
                }
                processing.lock();
                try {
                    processQueued(first);
                } finally {
                    processing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            processing.lock();
            try {
                drained = true;
                failRemaining();
            } finally {
                processing.unlock();
            }
            try {
                commit.end();
            } catch (InterruptedException e) {
                commit.abort();
            }
        }
    }

    /**
     * Processes one group of what is queued, after {@code first} (already taken from the queue) if not null; call
     * holding {@link #processing}.
     */
    private void processQueued(EngineTask first) throws InterruptedException {
        if (drained) {
            if (first != null) {
                first.shutDown();
            }
            failRemaining();
            return;
        }
        try {
            if (first != null) {
                batch.add(first);
            }
            queue.drainTo(batch, maxGroupSize - batch.size());
            if (!batch.isEmpty()) {
                processor.process(batch);
            }
        } finally {
            batch.clear();
        }
    }

    private void failRemaining() {
        EngineTask task;
        while ((task = queue.poll()) != null) {
            task.shutDown();
        }
    }
}
