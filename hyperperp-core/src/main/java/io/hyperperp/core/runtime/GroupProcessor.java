package io.hyperperp.core.runtime;

import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.risk.LedgerImage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a group of queued tasks against the engine and hands the result to the commit stage: each
 * command's events, what to complete once the group is committed and what to answer if the store
 * refuses it. Not thread-safe: the {@link EngineRuntime} calls it holding its processing lock.
 */
final class GroupProcessor {

    private static final System.Logger LOG = System.getLogger(EngineRuntime.class.getName());

    private final MatchingEngine engine;
    private final EventRecorder recorder;
    private final boolean captureAccounts;
    private final GroupCommit commit;
    /** The engine's next expiry after the last processed group, for the clock thread. */
    private volatile long nextExpiry;

    GroupProcessor(MatchingEngine engine, EventRecorder recorder, boolean captureAccounts, GroupCommit commit) {
        this.engine = engine;
        this.recorder = recorder;
        this.captureAccounts = captureAccounts;
        this.commit = commit;
        this.nextExpiry = engine.nextExpiry();
    }

    /** The engine's earliest pending expiry as of the last processed group, or {@link Long#MAX_VALUE}. */
    long nextExpiry() {
        return nextExpiry;
    }

    /** Processes the tasks in order as one group and hands it to the commit stage. */
    void process(List<EngineTask> batch) throws InterruptedException {
        List<ProcessedCommand> processed = new ArrayList<>(batch.size());
        List<Completion> completions = new ArrayList<>(batch.size());
        for (EngineTask task : batch) {
            if (task instanceof EngineTask.CommandTask c) {
                process(c, processed, completions);
            } else if (task instanceof EngineTask.BatchTask b) {
                for (EngineTask.CommandTask c : b.tasks()) {
                    process(c, processed, completions);
                }
            } else if (task instanceof EngineTask.QueryTask<?> q) {
                completions.add(new Completion.OfQuery(q.runAndPrepare(engine), q));
            }
        }
        nextExpiry = engine.nextExpiry();
        List<LedgerImage.Account> accounts = captureAccounts ? TouchedAccounts.capture(engine, processed) : List.of();
        commit.accept(new GroupCommit.PendingGroup(new ProcessedGroup(processed, accounts), completions));
    }

    private void process(EngineTask.CommandTask c, List<ProcessedCommand> processed, List<Completion> completions) {
        recorder.events().clear();
        RuntimeException failure = null;
        try {
            engine.process(c.flat());
        } catch (RuntimeException e) {
            // An engine bug: keep whatever events it emitted so persistence matches memory.
            LOG.log(Level.ERROR, "engine failed on " + c.command().op() + " command", e);
            failure = e;
        }
        ProcessedCommand done = new ProcessedCommand(c.command(), recorder.events());
        processed.add(done);
        completions.add(new Completion.OfCommand(c, done, failure));
    }
}
