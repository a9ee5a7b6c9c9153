package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.hyperperp.MoveAbort;
import io.hyperperp.core.settlement.SettlementOutcome;
import java.util.Optional;
import java.util.Set;

/** Maps a committed abort's {@code vm_status} to the batcher's outcome kinds (see {@link #classify}). */
final class AbortClassifier {

    private static final Set<HyperPerpError> FILL_ERRORS = Set.of(HyperPerpError.PRICE_OUT_OF_BOUNDS,
            HyperPerpError.INSUFFICIENT_MARGIN, HyperPerpError.UNKNOWN_MARKET, HyperPerpError.POSITION_NOT_FOUND,
            HyperPerpError.INVALID_LEVERAGE, HyperPerpError.INSUFFICIENT_COLLATERAL, HyperPerpError.AMOUNT_TOO_SMALL,
            HyperPerpError.POSITION_REGISTRY_NOT_FOUND, HyperPerpError.POSITION_REGISTRY_EXISTS,
            HyperPerpError.POSITION_NOT_EMPTY);

    private AbortClassifier() {
    }

    /**
     * The rules of {@link AptosSettlementSink#classifyAbort(AccountAddress, String, String)}.
     *
     * @param contract the HyperPerp contract address (aborts elsewhere are FATAL)
     */
    static SettlementOutcome classify(AccountAddress contract, String txHash, String vmStatus) {
        Optional<MoveAbort> abort = MoveAbort.parse(vmStatus);
        if (abort.isEmpty()) {
            return SettlementOutcome.fatal(txHash, vmStatus);
        }
        MoveAbort a = abort.get();
        Optional<HyperPerpError> error = a.moduleAddress().equals(contract) ? a.hyperPerpError() : Optional.empty();
        if (error.isEmpty()) {
            return SettlementOutcome.fatal(txHash, vmStatus);
        }
        HyperPerpError e = error.get();
        String name = e.constantName();
        if (e == HyperPerpError.BATCH_EXPIRED || e == HyperPerpError.ORACLE_STALE) {
            return SettlementOutcome.expired(txHash, name);
        }
        if (FILL_ERRORS.contains(e)) {
            return SettlementOutcome.fillRejected(txHash, name);
        }
        if (e == HyperPerpError.PAUSED) {
            return SettlementOutcome.transientFailure(name + " (contract paused; committed as " + txHash + ")");
        }
        return SettlementOutcome.fatal(txHash, name + ": " + vmStatus);
    }
}
