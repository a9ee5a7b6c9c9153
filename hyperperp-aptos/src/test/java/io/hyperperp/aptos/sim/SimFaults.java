package io.hyperperp.aptos.sim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault switches of a {@link NodeSimulator}. "Next n" faults are consumed one per matching
 * request; latencies stay until changed. Thread-safe; {@link #reset()} clears everything.
 */
public final class SimFaults {
    /** How a response is lost after the submission was accepted. */
    public enum LostMode {
        /** Accept the transaction, then answer 500 {@code internal_error}. */
        HTTP_500,
        /** Accept the transaction, then break the connection mid-response. */
        CLOSE_CONNECTION
    }

    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> commitLatency = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger serverErrorStatus = new AtomicInteger(503);
    private final AtomicInteger rateLimits = new AtomicInteger();
    private final AtomicInteger retryAfterSecs = new AtomicInteger(1);
    private final AtomicInteger mempoolFull = new AtomicInteger();
    private final AtomicInteger lostResponses = new AtomicInteger();
    private final AtomicReference<LostMode> lostMode = new AtomicReference<>(LostMode.HTTP_500);
    private final AtomicInteger sequenceTooOld = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger forcedAborts = new AtomicInteger();
    private final AtomicInteger forcedAbortCode = new AtomicInteger(11);
    private final AtomicInteger sequenceLies = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong sequenceLieOffset = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger forgedConfirmations = new AtomicInteger();
    private final java.util.Set<java.math.BigInteger> poisonSizes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Delay added before answering every request. */
    public SimFaults latency(Duration value) {
        latency.set(value);
        return this;
    }

    /** Minimum time between acceptance and commit of a transaction. */
    public SimFaults commitLatency(Duration value) {
        commitLatency.set(value);
        return this;
    }

    /** The next {@code n} requests (any endpoint) answer {@code status} (5xx) without doing anything. */
    public SimFaults serverErrorNext(int n, int status) {
        serverErrorStatus.set(status);
        serverErrors.set(n);
        return this;
    }

    /** The next {@code n} requests (any endpoint) answer 429 with {@code Retry-After: secs}. */
    public SimFaults rateLimitNext(int n, int secs) {
        retryAfterSecs.set(secs);
        rateLimits.set(n);
        return this;
    }

    /** The next {@code n} submissions answer 507 {@code mempool_is_full} without accepting. */
    public SimFaults mempoolFullNext(int n) {
        mempoolFull.set(n);
        return this;
    }

    /** The next {@code n} accepted submissions lose their response (the transaction is still accepted). */
    public SimFaults loseResponseNext(int n, LostMode mode) {
        lostMode.set(mode);
        lostResponses.set(n);
        return this;
    }

    /** The next {@code n} submissions answer 400 {@code sequence_number_too_old} without accepting. */
    public SimFaults sequenceTooOldNext(int n) {
        sequenceTooOld.set(n);
        return this;
    }

    /** The next {@code n} submissions answer 202 but the transaction is silently dropped and never commits. */
    public SimFaults dropNext(int n) {
        drops.set(n);
        return this;
    }

    /**
     * The next {@code n} account reads lie: they answer the account's sequence number plus {@code offset} (negative: a
     * node that regresses; the answer never goes below 0); transactions are still checked against the truth.
     */
    public SimFaults lieAboutSequenceNext(int n, long offset) {
        sequenceLieOffset.set(offset);
        sequenceLies.set(n);
        return this;
    }

    /**
     * The next {@code n} lookups of a hash that has not committed answer the latest committed transaction (its
     * sender, sequence number and payload) under the hash asked for: a node confirming another transaction.
     */
    public SimFaults forgeConfirmationNext(int n) {
        forgedConfirmations.set(n);
        return this;
    }

    /** The next {@code n} accepted transactions commit as a Move abort with {@code code}. */
    public SimFaults forceAbortNext(int n, int code) {
        forcedAbortCode.set(code);
        forcedAborts.set(n);
        return this;
    }

    /**
     * Poison fills: every transaction carrying a fill of this size commits as
     * {@code E_PRICE_OUT_OF_BOUNDS}, until {@link #reset()}.
     */
    public SimFaults poisonSize(long size) {
        poisonSizes.add(java.math.BigInteger.valueOf(size));
        return this;
    }

    boolean isPoison(java.math.BigInteger size) {
        return !poisonSizes.isEmpty() && poisonSizes.contains(size);
    }

    /** Clears every fault. */
    public SimFaults reset() {
        latency.set(Duration.ZERO);
        commitLatency.set(Duration.ZERO);
        for (AtomicInteger c : new AtomicInteger[] {serverErrors, rateLimits, mempoolFull, lostResponses,
            sequenceTooOld, drops, forcedAborts, sequenceLies, forgedConfirmations}) {
            c.set(0);
        }
        poisonSizes.clear();
        return this;
    }

    Duration latency() {
        return latency.get();
    }

    Duration commitLatency() {
        return commitLatency.get();
    }

    /** Status to answer if a server-error fault fires, else 0. */
    int takeServerError() {
        return take(serverErrors) ? serverErrorStatus.get() : 0;
    }

    /** Retry-After seconds if a rate-limit fault fires, else -1. */
    int takeRateLimit() {
        return take(rateLimits) ? retryAfterSecs.get() : -1;
    }

    boolean takeMempoolFull() {
        return take(mempoolFull);
    }

    LostMode takeLostResponse() {
        return take(lostResponses) ? lostMode.get() : null;
    }

    boolean takeSequenceTooOld() {
        return take(sequenceTooOld);
    }

    /** The offset to add to an account read if a lie fires, else 0. */
    long takeSequenceLie() {
        return take(sequenceLies) ? sequenceLieOffset.get() : 0;
    }

    boolean takeForgedConfirmation() {
        return take(forgedConfirmations);
    }

    boolean takeDrop() {
        return take(drops);
    }

    /** Abort code if a forced-abort fault fires, else -1. */
    int takeForcedAbort() {
        return take(forcedAborts) ? forcedAbortCode.get() : -1;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }
}
