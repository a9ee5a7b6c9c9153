package io.hyperperp.core.settlement;

import java.util.List;

/**
 * A batch of fills of one market, with what {@code perp_engine::SettlementBatch} needs and its
 * lifecycle state. Immutable: every change makes a new value.
 *
 * @param batchId     batch number ({@link io.hyperperp.core.order.Ids#batch(long)} gives the UUID)
 * @param marketId    market of every fill
 * @param fills       the fills, in trade order
 * @param oracleTs    oracle timestamp, seconds (the seal time)
 * @param minPx       lowest allowed price_x
 * @param maxPx       highest allowed price_x
 * @param expiry      seconds after which the contract refuses the batch
 * @param status      lifecycle state
 * @param attempts    submissions so far
 * @param submission  the transaction sent for it, if any
 * @param lastError   why the last attempt failed, or null
 * @param parentId    the batch this one was split from, or 0
 * @param createdAtMs when the batch was sealed, epoch milliseconds
 * @param updatedAtMs last change, epoch milliseconds
 */
public record SettlementBatch(long batchId, long marketId, List<SettlementFill> fills, long oracleTs, long minPx,
                              long maxPx, long expiry, BatchStatus status, int attempts, Submission submission,
                              String lastError, long parentId, long createdAtMs, long updatedAtMs) {

    /** Copies the fills (packed ones are immutable already) and checks the basics. */
    public SettlementBatch {
        fills = fills instanceof PackedFills ? fills : List.copyOf(fills);
        if (fills.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one fill");
        }
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }

    /** The same batch with its fills packed: what a store in memory keeps of a settled batch. */
    SettlementBatch packed() {
        return new SettlementBatch(batchId, marketId, PackedFills.of(fills), oracleTs, minPx, maxPx, expiry, status,
                attempts, submission, lastError, parentId, createdAtMs, updatedAtMs);
    }

    /** A copy in another state, with an error message (null clears it). */
    public SettlementBatch withStatus(BatchStatus newStatus, String error, long nowMs) {
        return new SettlementBatch(batchId, marketId, fills, oracleTs, minPx, maxPx, expiry, newStatus, attempts,
                submission, error, parentId, createdAtMs, nowMs);
    }

    /** A copy with the transaction recorded and the state SUBMITTED. */
    public SettlementBatch withSubmission(Submission value, long nowMs) {
        return new SettlementBatch(batchId, marketId, fills, oracleTs, minPx, maxPx, expiry, BatchStatus.SUBMITTED,
                attempts, value, lastError, parentId, createdAtMs, nowMs);
    }

    /** A copy with one more attempt counted and the error noted. */
    public SettlementBatch withAttempt(String error, long nowMs) {
        return new SettlementBatch(batchId, marketId, fills, oracleTs, minPx, maxPx, expiry, status, attempts + 1,
                submission, error, parentId, createdAtMs, nowMs);
    }

    /** A copy sealed again: fresh oracle time and expiry, no transaction, PENDING. */
    public SettlementBatch resealed(long newOracleTs, long newExpiry, long nowMs) {
        return new SettlementBatch(batchId, marketId, fills, newOracleTs, minPx, maxPx, newExpiry,
                BatchStatus.PENDING, attempts, null, lastError, parentId, createdAtMs, nowMs);
    }

    /** A copy ready for an operator's retry: PENDING, no transaction, attempts reset. */
    public SettlementBatch forRetry(long newOracleTs, long newExpiry, long nowMs) {
        return new SettlementBatch(batchId, marketId, fills, newOracleTs, minPx, maxPx, newExpiry,
                BatchStatus.PENDING, 0, null, null, parentId, createdAtMs, nowMs);
    }
}
