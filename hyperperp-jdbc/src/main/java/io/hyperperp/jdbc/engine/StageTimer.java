package io.hyperperp.jdbc.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the {@link WriteStage}s of the group commit's transactions: totals over the run (read from any thread) and
 * the stages of the attempt in hand, logged when the attempt is slower than {@link #SLOW_COMMIT_NANOS}. Used by the
 * commit thread only.
 */
final class StageTimer {

    /** A transaction slower than this (50 ms) is logged with its stages. */
    static final long SLOW_COMMIT_NANOS = 50_000_000L;

    /** Names of the stages, in order. */
    static final List<String> STAGES = Arrays.stream(WriteStage.values()).map(WriteStage::label).toList();

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCommitHook.class);

    private final AtomicLongArray totalNanos = new AtomicLongArray(STAGES.size());
    private final long[] attemptNanos = new long[STAGES.size()];
    private long stageStart;

    /** A new attempt: its stages start from zero. */
    void startAttempt() {
        Arrays.fill(attemptNanos, 0);
    }

    /** The first stage of the attempt starts now. */
    void startStage() {
        stageStart = System.nanoTime();
    }

    /** Ends the stage {@code done}; the next starts now. */
    void stage(WriteStage done) {
        int index = done.ordinal();
        long now = System.nanoTime();
        totalNanos.addAndGet(index, now - stageStart);
        attemptNanos[index] += now - stageStart;
        stageStart = now;
    }

    /** Logs an attempt begun at {@code begin} if slower than {@link #SLOW_COMMIT_NANOS}, with each stage's time. */
    void reportIfSlow(long begin, int commandCount) {
        long total = System.nanoTime() - begin;
        if (total > SLOW_COMMIT_NANOS && LOG.isWarnEnabled()) {
            StringBuilder stages = new StringBuilder();
            for (int i = 0; i < STAGES.size(); i++) {
                if (attemptNanos[i] >= 1_000_000) {
                    stages.append(stages.length() == 0 ? "" : ", ").append(STAGES.get(i)).append(' ')
                            .append(attemptNanos[i] / 1_000_000).append(" ms");
                }
            }
            LOG.warn("Slow group commit: {} ms for {} commands ({})", total / 1_000_000, commandCount, stages);
        }
    }

    /** @return total milliseconds spent in each stage by successful and failed attempts */
    Map<String, Long> totalMillis() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < STAGES.size(); i++) {
            out.put(STAGES.get(i), totalNanos.get(i) / 1_000_000);
        }
        return out;
    }
}
