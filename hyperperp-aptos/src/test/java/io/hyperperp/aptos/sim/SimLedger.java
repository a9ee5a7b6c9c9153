package io.hyperperp.aptos.sim;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accounts, per-account mempools, committed transactions and the ledger clock of the simulator.
 * All methods are synchronized: one lock guards the whole state.
 */
final class SimLedger {
    /** A submission's fate. */
    record Verdict(int status, String errorCode, Integer vmErrorCode, String message) {
        static Verdict accepted() {
            return new Verdict(202, null, null, "accepted");
        }

        boolean isAccepted() {
            return status == 202;
        }
    }

    /** A committed transaction. */
    record Committed(String hash, AccountAddress sender, long sequenceNumber, long version, boolean success,
                     String vmStatus, io.hyperperp.aptos.tx.EntryFunction payload) {
    }

    private static final class Pending {
        final SignedTransaction txn;
        final String hash;
        final long acceptedAtNanos;
        final int forcedAbort;

        Pending(SignedTransaction txn, String hash, long acceptedAtNanos, int forcedAbort) {
            this.txn = txn;
            this.hash = hash;
            this.acceptedAtNanos = acceptedAtNanos;
            this.forcedAbort = forcedAbort;
        }
    }

    private static final class Account {
        final byte[] authKey;
        long sequenceNumber;
        final TreeMap<Long, Pending> mempool = new TreeMap<>();

        Account(byte[] authKey) {
            this.authKey = authKey;
        }
    }

    private final int chainId;
    private final int mempoolLimit;
    private final PerpEngineModel engine;
    private final Map<AccountAddress, Account> accounts = new HashMap<>();
    private final Map<String, Pending> pendingByHash = new HashMap<>();
    private final Map<String, Committed> committed = new HashMap<>();
    private final TreeMap<Long, Committed> byVersion = new TreeMap<>();
    private final long clockStartNanos = System.nanoTime();
    private final boolean frozenClock;
    private long clockBaseMicros;
    private long version;
    private long executions;

    SimLedger(int chainId, int mempoolLimit, PerpEngineModel engine, long clockStartMicros, boolean frozenClock) {
        this.chainId = chainId;
        this.mempoolLimit = mempoolLimit;
        this.engine = engine;
        this.clockBaseMicros = clockStartMicros;
        this.frozenClock = frozenClock;
    }

    synchronized void createAccount(AccountAddress address, byte[] authKey, long sequenceNumber) {
        Account a = new Account(authKey.clone());
        a.sequenceNumber = sequenceNumber;
        accounts.put(address, a);
    }

    synchronized boolean hasAccount(AccountAddress address) {
        return accounts.containsKey(address);
    }

    synchronized long sequenceNumber(AccountAddress address) {
        return accounts.get(address).sequenceNumber;
    }

    synchronized byte[] authKey(AccountAddress address) {
        return accounts.get(address).authKey.clone();
    }

    synchronized int chainId() {
        return chainId;
    }

    synchronized long ledgerMicros() {
        return clockBaseMicros + (frozenClock ? 0 : (System.nanoTime() - clockStartNanos) / 1000);
    }

    synchronized void advanceClock(long micros) {
        clockBaseMicros += micros;
    }

    synchronized long version() {
        return version;
    }

    synchronized long executions() {
        return executions;
    }

    synchronized int mempoolSize(AccountAddress address) {
        return accounts.get(address).mempool.size();
    }

    synchronized java.util.List<io.hyperperp.aptos.hyperperp.SettlementFill> applied() {
        return engine.applied();
    }

    synchronized BigInteger position(AccountAddress user, long marketId) {
        return engine.position(user, marketId);
    }

    /** Validates and admits a transaction (or drops it silently when {@code drop}). */
    synchronized Verdict submit(SignedTransaction txn, boolean drop, int forcedAbort) {
        String hash = txn.hash();
        if (pendingByHash.containsKey(hash)) {
            return Verdict.accepted();
        }
        Verdict v = validate(txn, hash);
        if (v != null) {
            return v;
        }
        Account a = accounts.get(txn.raw().sender());
        long seq = txn.raw().sequenceNumber();
        if (a.mempool.containsKey(seq)) {
            return new Verdict(400, "invalid_transaction_update", null,
                    "Transaction already in mempool with a different payload");
        }
        if (a.mempool.size() >= mempoolLimit) {
            return new Verdict(507, "mempool_is_full", null, "Mempool is full. Mempool size: " + mempoolLimit);
        }
        if (!drop) {
            Pending p = new Pending(txn, hash, System.nanoTime(), forcedAbort);
            a.mempool.put(seq, p);
            pendingByHash.put(hash, p);
        }
        return Verdict.accepted();
    }

    /** Checks everything a node checks before execution; null if valid. */
    synchronized Verdict validate(SignedTransaction txn, String hash) {
        Committed c = committed.get(hash);
        Account a = accounts.get(txn.raw().sender());
        if (a == null) {
            return vmError(7, "SENDING_ACCOUNT_DOES_NOT_EXIST");
        }
        if (!Arrays.equals(a.authKey, txn.publicKey().authenticationKey())) {
            return vmError(2, "INVALID_AUTH_KEY");
        }
        if (!txn.verifySignature()) {
            return vmError(1, "INVALID_SIGNATURE");
        }
        if (txn.raw().chainId() != chainId) {
            return vmError(16, "BAD_CHAIN_ID");
        }
        if (c != null || txn.raw().sequenceNumber() < a.sequenceNumber) {
            return new Verdict(400, "sequence_number_too_old", 3,
                    "Transaction sequence number " + txn.raw().sequenceNumber() + " is older than the account's "
                            + a.sequenceNumber);
        }
        if (txn.raw().expirationTimestampSecs() <= ledgerMicros() / 1_000_000L) {
            return vmError(6, "TRANSACTION_EXPIRED");
        }
        return null;
    }

    /** Executes without committing (simulation). */
    synchronized PerpEngineModel.Outcome simulate(SignedTransaction txn) {
        Account a = accounts.get(txn.raw().sender());
        if (a == null) {
            return new PerpEngineModel.Outcome(false, "SENDING_ACCOUNT_DOES_NOT_EXIST");
        }
        if (txn.raw().sequenceNumber() < a.sequenceNumber) {
            return new PerpEngineModel.Outcome(false, "SEQUENCE_NUMBER_TOO_OLD");
        }
        return engine.execute(txn.raw().sender(), txn.raw().payload(), -1, false);
    }

    /** Commits every transaction that is next in line and old enough; discards expired ones. */
    synchronized void commitReady(long commitLatencyNanos) {
        long nowNanos = System.nanoTime();
        long nowSecs = ledgerMicros() / 1_000_000L;
        for (Map.Entry<AccountAddress, Account> e : accounts.entrySet()) {
            Account a = e.getValue();
            for (Iterator<Pending> it = a.mempool.values().iterator(); it.hasNext();) {
                Pending p = it.next();
                if (p.txn.raw().expirationTimestampSecs() <= nowSecs) {
                    it.remove();
                    pendingByHash.remove(p.hash);
                }
            }
            Pending next;
            while ((next = a.mempool.get(a.sequenceNumber)) != null && nowNanos - next.acceptedAtNanos >= commitLatencyNanos) {
                a.mempool.remove(a.sequenceNumber);
                pendingByHash.remove(next.hash);
                executions++;
                PerpEngineModel.Outcome o = engine.execute(e.getKey(), next.txn.raw().payload(), next.forcedAbort, true);
                version++;
                Committed c = new Committed(next.hash, e.getKey(), a.sequenceNumber, version, o.success(),
                        o.vmStatus(), next.txn.raw().payload());
                committed.put(next.hash, c);
                byVersion.put(version, c);
                a.sequenceNumber++;
            }
        }
    }

    /** Committed record, or null. */
    synchronized Committed committed(String hash) {
        return committed.get(hash);
    }

    /** The committed transaction of the highest version, or null. */
    synchronized Committed latestCommitted() {
        return byVersion.isEmpty() ? null : byVersion.lastEntry().getValue();
    }

        /** Committed transactions from {@code start} in version order, at most {@code limit}. */
    synchronized java.util.List<Committed> committedFrom(long start, int limit) {
        return byVersion.tailMap(start, true).values().stream().limit(limit).toList();
    }

    /** Runs {@code action} under the ledger's lock (the vault model shares it). */
    synchronized <T> T locked(java.util.function.Supplier<T> action) {
        return action.get();
    }

    /** The pending transaction with this hash, or null. */
    synchronized SignedTransaction pending(String hash) {
        Pending p = pendingByHash.get(hash);
        return p == null ? null : p.txn;
    }

    private static Verdict vmError(int code, String name) {
        return new Verdict(400, "vm_error", code, "Invalid transaction: Type: Validation Code: " + name);
    }
}
