package io.hyperperp.server.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.CommandResult.Status;
import io.hyperperp.server.collateral.CollateralStore.WithdrawalStatus;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What becomes of a recorded on-chain withdrawal when the engine's answer arrives after the request
 * stopped waiting, or says the command was never taken: the record and the guard follow the answer,
 * not the request. (The paid path, on the node simulator, is in {@code ChainWithdrawalTest}.)
 */
class ChainWithdrawalsFollowTest {

    private static final String USER = "0xabc";
    private static final BigInteger DEPOSITED = BigInteger.valueOf(100_000_000);

    private final MemoryCollateralStore store = new MemoryCollateralStore();
    private final DepositLedger deposits = new DepositLedger();
    private final SettlementGuard guard = new SettlementGuard(deposits, MarketRegistry.defaults());
    // No sink and no vault: none of these answers may send anything (a send would fail on the null sink).
    private final ChainWithdrawals withdrawals = new ChainWithdrawals(store, null, null, guard,
            c -> CompletableFuture.failedFuture(new AssertionError("nothing is credited back here")), () -> 1L, 10);

    ChainWithdrawalsFollowTest() {
        deposits.attach(store);
        deposits.credit("d1", USER, DEPOSITED, null);
    }

    @AfterEach
    void close() {
        withdrawals.close();
    }

    private static CommandResult answer(Status status, Withdraw w, List<EngineEvent> events) {
        return new CommandResult(status, w, events);
    }

    /** The record's status while it is open; REFUSED once it is neither open nor counted as withdrawn. */
    private WithdrawalStatus statusOf(long id) {
        return store.openWithdrawals().stream().filter(x -> x.id() == id).findFirst()
                .map(CollateralStore.Withdrawal::status)
                .orElseGet(() -> store.withdrawnByUser().getOrDefault(USER, BigInteger.ZERO).signum() == 0
                        ? WithdrawalStatus.REFUSED : WithdrawalStatus.CONFIRMED);
    }

    @Test
    void aRejectionThatArrivesAfterTheRequestGaveUpRefusesTheRecordAndGivesTheAmountBack() throws Exception {
        Withdraw w = new Withdraw(1, USER, 30_000_000);
        long id = withdrawals.record(w);
        CompletableFuture<CommandResult> engine = new CompletableFuture<>();
        CompletableFuture<CommandResult> followed = withdrawals.follow(id, w, engine);
        assertThat(guard.withdrawable(USER)).isEqualTo(BigInteger.valueOf(70_000_000));
        assertThat(statusOf(id)).isEqualTo(WithdrawalStatus.REQUESTED);

        // The request's wait has long timed out; the engine answers now.
        CommandResult rejected = answer(Status.PROCESSED, w,
                List.of(new EngineEvent.CommandRejected(7, 1, w, RejectReason.INSUFFICIENT_MARGIN)));
        engine.complete(rejected);
        assertThat(followed.get(5, TimeUnit.SECONDS)).isSameAs(rejected);
        assertThat(statusOf(id)).isEqualTo(WithdrawalStatus.REFUSED);
        assertThat(guard.withdrawable(USER)).isEqualTo(DEPOSITED);
    }

    @Test
    void aWithdrawalTheEngineNeverTookIsRefusedAtOnceNotLeftUntilTheNextStart() throws Exception {
        for (Status notTaken : new Status[] {Status.OVERLOADED, Status.SHUT_DOWN}) {
            Withdraw w = new Withdraw(1, USER, 40_000_000);
            long id = withdrawals.record(w);
            CommandResult result = answer(notTaken, w, List.of());
            assertThat(withdrawals.follow(id, w, CompletableFuture.completedFuture(result)).get(5, TimeUnit.SECONDS))
                    .isSameAs(result);
            assertThat(statusOf(id)).as(notTaken.name()).isEqualTo(WithdrawalStatus.REFUSED);
            assertThat(guard.withdrawable(USER)).as(notTaken.name()).isEqualTo(DEPOSITED);
        }
    }

    @Test
    void anUnknownOutcomeStaysRequestedForTheNextStart() throws Exception {
        Withdraw w = new Withdraw(1, USER, 50_000_000);
        long id = withdrawals.record(w);
        CommandResult unavailable = answer(Status.UNAVAILABLE, w, List.of());
        assertThat(withdrawals.follow(id, w, CompletableFuture.completedFuture(unavailable)).get(5, TimeUnit.SECONDS))
                .isSameAs(unavailable);
        CompletableFuture<CommandResult> failed = withdrawals.follow(id, w,
                CompletableFuture.failedFuture(new IllegalStateException("engine failed")));
        assertThat(failed).failsWithin(5, TimeUnit.SECONDS);
        assertThat(statusOf(id)).isEqualTo(WithdrawalStatus.REQUESTED);
        // Still held: the command log decides at the next start whether it was debited.
        assertThat(guard.withdrawable(USER)).isEqualTo(BigInteger.valueOf(50_000_000));
    }
}
