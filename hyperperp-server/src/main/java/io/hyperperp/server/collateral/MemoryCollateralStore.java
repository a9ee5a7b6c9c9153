package io.hyperperp.server.collateral;

import io.hyperperp.core.settlement.Submission;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link CollateralStore} in memory: nothing survives the process. Thread-safe. */
final class MemoryCollateralStore implements CollateralStore {

    private static final Set<WithdrawalStatus> OPEN =
            EnumSet.of(WithdrawalStatus.REQUESTED, WithdrawalStatus.DEBITED, WithdrawalStatus.FAILED);
    private static final Set<WithdrawalStatus> TAKEN =
            EnumSet.of(WithdrawalStatus.REQUESTED, WithdrawalStatus.DEBITED, WithdrawalStatus.CONFIRMED);

    private final Map<String, Credit> credits = new LinkedHashMap<>();
    /** Deposits booked through {@code /v1/deposits}, which stores no credit: for {@link #bookedDeposit} only. */
    private final Map<String, Credit> booked = new HashMap<>();
    private final Map<String, Freeze> freezes = new LinkedHashMap<>();
    private final Map<Long, Withdrawal> withdrawals = new LinkedHashMap<>();
    private long nextWithdrawal = 1;

    @Override
    public synchronized boolean insertCredit(Credit credit) {
        return credits.putIfAbsent(credit.depositId(), credit) == null;
    }

    @Override
    public synchronized void markUsed(String depositId, String orderId) {
        credits.computeIfPresent(depositId, (k, c) -> new Credit(c.depositId(), c.user(), c.amount(), orderId));
    }

    @Override
    public synchronized List<Credit> credits() {
        return List.copyOf(credits.values());
    }

    @Override
    public synchronized Optional<Credit> bookedDeposit(String depositId) {
        Credit c = booked.get(depositId);
        return Optional.ofNullable(c != null ? c : credits.get(depositId));
    }

    @Override
    public synchronized void noteBooked(Credit credit) {
        booked.putIfAbsent(credit.depositId(), credit);
    }

    @Override
    public synchronized void saveFreeze(Freeze freeze) {
        freezes.put(freeze.orderId(), freeze);
    }

    @Override
    public synchronized void confirmFreeze(String orderId) {
        freezes.computeIfPresent(orderId, (k, f) -> new Freeze(f.orderId(), f.user(), f.orderJson(), f.required(),
                f.expiresAtMillis(), true));
    }

    @Override
    public synchronized void deleteFreeze(String orderId) {
        freezes.remove(orderId);
    }

    @Override
    public synchronized List<Freeze> freezes() {
        return List.copyOf(freezes.values());
    }

    @Override
    public synchronized long insertWithdrawal(String user, BigInteger amount, long commandTimestamp) {
        long id = nextWithdrawal++;
        withdrawals.put(id, new Withdrawal(id, user, amount, commandTimestamp, WithdrawalStatus.REQUESTED, null,
                System.currentTimeMillis()));
        return id;
    }

    @Override
    public synchronized void updateWithdrawal(long id, WithdrawalStatus status, String txHash, String message) {
        withdrawals.computeIfPresent(id, (k, w) -> new Withdrawal(w.id(), w.user(), w.amount(), w.commandTimestamp(),
                status, w.submission(), w.createdAtMillis()));
    }

    @Override
    public synchronized void recordSubmission(long id, Submission submission) {
        withdrawals.computeIfPresent(id, (k, w) -> new Withdrawal(w.id(), w.user(), w.amount(), w.commandTimestamp(),
                w.status(), submission, w.createdAtMillis()));
    }

    @Override
    public synchronized List<Withdrawal> openWithdrawals() {
        List<Withdrawal> out = new ArrayList<>();
        for (Withdrawal w : withdrawals.values()) {
            if (OPEN.contains(w.status())) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, BigInteger> withdrawnByUser() {
        Map<String, BigInteger> out = new HashMap<>();
        for (Withdrawal w : withdrawals.values()) {
            if (TAKEN.contains(w.status())) {
                out.merge(w.user(), w.amount(), BigInteger::add);
            }
        }
        return out;
    }

    @Override
    public boolean debitCommitted(Withdrawal withdrawal) {
        return false;
    }
}
