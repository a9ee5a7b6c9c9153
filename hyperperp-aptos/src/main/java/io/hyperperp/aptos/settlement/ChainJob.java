package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.core.settlement.Submission;

/**
 * What {@link TransactionDriver} sends for the admin account: a settlement batch's transaction or
 * another admin call (a withdrawal), with the transaction an earlier attempt recorded, if any.
 */
interface ChainJob {

    /** Names the job in messages, e.g. "batch 7". */
    String label();

    /** The transaction recorded by an earlier attempt, or null. */
    Submission submission();

    /** The call to make; throws {@link AttemptEnded} when it cannot be encoded. */
    EntryFunction payload();

    /** Fills the transaction settles (0 for other calls). */
    int fills();
}
