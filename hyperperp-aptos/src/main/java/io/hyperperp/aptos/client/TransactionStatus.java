package io.hyperperp.aptos.client;

import io.hyperperp.aptos.hyperperp.MoveAbort;
import java.util.Optional;

/** What the node knows about a transaction hash: still pending, or committed with an outcome. */
public sealed interface TransactionStatus permits TransactionStatus.Pending, TransactionStatus.Committed {

    /** The transaction hash. */
    String hash();

    /**
     * Accepted (in mempool) but not committed yet.
     *
     * @param hash transaction hash
     */
    record Pending(String hash) implements TransactionStatus {
    }

    /**
     * Committed: the sequence number is consumed whether or not execution succeeded.
     *
     * @param hash transaction hash
     * @param version ledger version it committed at
     * @param success true if execution succeeded
     * @param vmStatus e.g. {@code Executed successfully} or a Move abort
     * @param gasUsed gas units charged
     * @param sender the account that sent it (a caller compares it with the transaction it submitted)
     * @param sequenceNumber the sender's sequence number it consumed (compared likewise)
     */
    record Committed(String hash, long version, boolean success, String vmStatus, long gasUsed,
                     io.hyperperp.aptos.account.AccountAddress sender, long sequenceNumber)
            implements TransactionStatus {
        /** The parsed Move abort of a failed transaction, if {@code vmStatus} is one. */
        public Optional<MoveAbort> moveAbort() {
            return success ? Optional.empty() : MoveAbort.parse(vmStatus);
        }
    }
}
