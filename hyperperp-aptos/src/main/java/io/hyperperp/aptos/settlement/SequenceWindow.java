package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.core.settlement.Submission;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin account's sequence numbers as {@link AptosSettlementSink} owns them: a local counter
 * initialised from the node's account sequence number on first use, a lower bound of the on-chain
 * number, and the numbers held by transactions that may still commit. Thread-safe (guarded by this).
 */
final class SequenceWindow {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);

    private final AptosClient client;
    private final AccountAddress sender;

    private boolean seqInitialised;
    private long nextSeq;
    /** A lower bound of the account's on-chain sequence number (the node's readings and our own commits). */
    private long chainSeqFloor;
    /** One past the highest sequence number of a transaction of ours seen committed: what no reading can lower. */
    private long ownCommitFloor;
    /** The reading at which a transaction of that very number last expired unexecuted; -1: none since a commit. */
    private long stuckAt = -1;
    /** Sequence numbers held by transactions that may still commit (counts), and those by hash. */
    private final TreeMap<Long, Integer> liveSeqs = new TreeMap<>();
    private final Map<String, Long> liveByHash = new HashMap<>();

    SequenceWindow(AptosClient client, AccountAddress sender) {
        this.client = client;
        this.sender = sender;
    }

    /**
     * The lowest sequence number not held by a live transaction, from the account's sequence number
     * up to the counter; otherwise the counter's next value. Reserved until released or forgotten.
     */
    synchronized long allocate() {
        if (!seqInitialised) {
            long chainSeq = client.account(sender).sequenceNumber();
            chainSeqFloor = Math.max(chainSeqFloor, chainSeq);
            nextSeq = Math.max(nextSeq, chainSeqFloor);
            seqInitialised = true;
            LOG.info("admin account {} is at sequence number {}", sender, chainSeq);
        }
        long seq = chainSeqFloor;
        while (seq < nextSeq && liveSeqs.containsKey(seq)) {
            seq++;
        }
        if (seq >= nextSeq) {
            nextSeq = seq + 1;
        }
        liveSeqs.merge(seq, 1, Integer::sum);
        return seq;
    }

    /** Gives back a number {@link #allocate() allocated} for a transaction that was never built. */
    synchronized void release(long seq) {
        liveSeqs.computeIfPresent(seq, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** A signed transaction now holds its allocated number until {@link #forget forgotten}. */
    synchronized void hold(String hash, long seq) {
        liveByHash.put(hash, seq);
    }

    /** The transaction can no longer commit, or committed: its number is no longer held. */
    synchronized void forget(ChainTransaction tx) {
        Long seq = liveByHash.remove(tx.hash());
        if (seq != null) {
            release(seq);
        }
    }

    /** A resumed submission holds its number (so new transactions do not collide with it). */
    synchronized void noteResumed(Submission s) {
        String hash = s.txHash().toLowerCase(Locale.ROOT);
        if (!liveByHash.containsKey(hash)) {
            liveByHash.put(hash, s.sequenceNumber());
            liveSeqs.merge(s.sequenceNumber(), 1, Integer::sum);
        }
        nextSeq = Math.max(nextSeq, s.sequenceNumber() + 1);
    }

    /**
     * {@code tx} committed: the account is past its number, and the number is no longer held. One step
     * under the lock, the floor raised before the number is let go: released first, the number was
     * the lowest free one above a floor still at it, and a transaction built in between took it again
     * (and was refused as too old, then rebuilt).
     */
    synchronized void committed(ChainTransaction tx) {
        noteOwnCommit(tx.seq());
        forget(tx);
    }

    /** A transaction of ours committed at {@code seq}: the account is past it, whatever a node reads later. */
    private void noteOwnCommit(long seq) {
        ownCommitFloor = Math.max(ownCommitFloor, seq + 1);
        stuckAt = -1;
        raiseFloor(seq + 1);
    }

    /**
     * {@code tx} expired without executing and the node now reads the account at {@code chainSeq}. A reading past
     * its number raises the floor as usual (another transaction took it). A reading at or below its number and below
     * the floor means an earlier reading that raised the floor was wrong (a node that lied ahead, or a lagging one
     * behind a load balancer): every transaction built on it waits behind a gap that never closes, so the floor comes
     * down to the reading, never below our own commits. A reading equal to the floor and to its number, where a
     * transaction waited its whole life without executing, twice in a row with no commit between, is a node whose
     * account reading contradicts its own chain (or a chain stalled): nothing can be built that it would execute, so
     * this says so loudly and changes nothing (once is a transaction the node dropped). The transaction is dead
     * either way, so a new one for its job cannot double-apply.
     *
     * @return what was found, for the outcome's message; null when nothing is out of the ordinary
     */
    synchronized String reconcileAfterExpiry(ChainTransaction tx, long chainSeq) {
        if (chainSeq > tx.seq()) {
            raiseFloor(chainSeq);
            return null;
        }
        // Our own commits bound how far back a lying or lagging node can move the window.
        long restartAt = Math.max(chainSeq, ownCommitFloor);
        if (restartAt < chainSeqFloor) {
            String found = "the node reads the admin account at sequence number " + chainSeq + " after "
                    + chainSeqFloor + ": new transactions start at " + restartAt;
            LOG.warn("transaction {} (sequence {}) expired; {}", tx.hash(), tx.seq(), found);
            chainSeqFloor = restartAt;
            return found;
        }
        if (chainSeq != tx.seq()) {
            return null;
        }
        // Once is a transaction the node dropped; twice in a row at the same reading, with no commit between, is a
        // node whose reading contradicts its chain (or a stalled chain).
        boolean again = stuckAt == chainSeq;
        stuckAt = chainSeq;
        String found = "the node reads the admin account at sequence number " + chainSeq + ", yet our transaction of"
                + " that number expired unexecuted" + (again ? " again: its account reading contradicts its chain (or"
                + " the chain is stalled)" : " (dropped?)");
        if (again) {
            LOG.error("transaction {} expired; {}", tx.hash(), found);
        }
        return found;
    }

    /** The account's on-chain sequence number is known to be at least {@code chainSeq}. */
    synchronized void raiseFloor(long chainSeq) {
        chainSeqFloor = Math.max(chainSeqFloor, chainSeq);
        nextSeq = Math.max(nextSeq, chainSeqFloor);
    }
}
