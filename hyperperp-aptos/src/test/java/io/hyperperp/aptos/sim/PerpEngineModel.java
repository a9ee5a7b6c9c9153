package io.hyperperp.aptos.sim;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.DecodedBatch;
import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.hyperperp.MoveAbort;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.tx.EntryFunction;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The part of {@code hyperperp::perp_engine} the simulator executes: {@code apply_batch_v} and
 * {@code apply_batch_simple} with the expiry and price-bound checks, booking taker long and maker
 * short per (user, market), and, with ledger transfers on, each fill's notional moved from the
 * taker's {@code vault_coin} ledger entry to the maker's. {@code vault_coin} calls go to
 * {@link VaultCoinModel}. Not thread-safe: {@link SimLedger} serialises access.
 */
final class PerpEngineModel {
    /** Outcome of one execution. */
    record Outcome(boolean success, String vmStatus) {
        static final Outcome OK = new Outcome(true, "Executed successfully");
    }

    /** Position key. */
    record PositionKey(AccountAddress user, long marketId) {
    }

    private final BatchCall calls;
    private final boolean batchFunctionDeployed;
    private final AccountAddress admin;
    private final boolean namedAborts;
    private final Map<PositionKey, BigInteger> positions = new HashMap<>();
    private final java.util.List<SettlementFill> applied = new java.util.ArrayList<>();
    private final SimFaults faults;
    private final VaultCoinModel vault;
    private final boolean ledgerTransfers;

    PerpEngineModel(BatchCall calls, boolean batchFunctionDeployed, AccountAddress admin, boolean namedAborts,
                    SimFaults faults, VaultCoinModel vault, boolean ledgerTransfers) {
        this.calls = calls;
        this.vault = vault;
        this.ledgerTransfers = ledgerTransfers;
        this.faults = faults;
        this.batchFunctionDeployed = batchFunctionDeployed;
        this.admin = admin;
        this.namedAborts = namedAborts;
    }

    /** Executes a payload; positions change only if {@code commit} and the execution succeeds. */
    Outcome execute(AccountAddress sender, EntryFunction payload, int forcedAbort, boolean commit) {
        if (payload.moduleAddress().equals(calls.contract()) && payload.moduleName().equals("vault_coin")) {
            return vault.execute(sender, payload, commit);
        }
        if (!payload.moduleAddress().equals(calls.contract()) || !payload.moduleName().equals(calls.module())) {
            return new Outcome(false, "LINKER_ERROR");
        }
        boolean isBatch = payload.function().equals(calls.batchFunction());
        boolean isSimple = payload.function().equals(calls.simpleFunction());
        if (!isSimple && !(isBatch && batchFunctionDeployed)) {
            return new Outcome(false, "FUNCTION_RESOLUTION_FAILURE");
        }
        DecodedBatch batch;
        try {
            batch = calls.decode(payload);
        } catch (BcsException e) {
            return new Outcome(false, "FAILED_TO_DESERIALIZE_ARGUMENT");
        }
        if (forcedAbort >= 0) {
            return abort(forcedAbort, "injected abort");
        }
        if (admin != null && !admin.equals(sender)) {
            return abort(HyperPerpError.UNAUTHORIZED.code(), "signer is not the admin");
        }
        BatchParams p = batch.params();
        if (Long.compareUnsigned(p.oracleTs(), p.expiry()) > 0) {
            return abort(HyperPerpError.BATCH_EXPIRED.code(), "oracle_ts > expiry");
        }
        for (SettlementFill f : batch.fills()) {
            if (Long.compareUnsigned(f.priceX(), p.minPx()) < 0 || Long.compareUnsigned(f.priceX(), p.maxPx()) > 0) {
                return abort(HyperPerpError.PRICE_OUT_OF_BOUNDS.code(), "price_x outside [min_px, max_px]");
            }
        }
        for (SettlementFill f : batch.fills()) {
            if (faults.isPoison(f.size())) {
                return abort(HyperPerpError.PRICE_OUT_OF_BOUNDS.code(), "poison fill (injected)");
            }
        }
        if (ledgerTransfers) {
            Outcome short_ = vault.transfer(sender, batch.fills(), commit);
            if (short_ != null) {
                return short_;
            }
        }
        if (commit) {
            applied.addAll(batch.fills());
            for (SettlementFill f : batch.fills()) {
                positions.merge(new PositionKey(f.taker(), f.marketId()), f.size(), BigInteger::add);
                positions.merge(new PositionKey(f.maker(), f.marketId()), f.size().negate(), BigInteger::add);
            }
        }
        return Outcome.OK;
    }

    /** Every fill applied by a successful transaction, in commit order. */
    java.util.List<SettlementFill> applied() {
        return new java.util.ArrayList<>(applied);
    }

    BigInteger position(AccountAddress user, long marketId) {
        return positions.getOrDefault(new PositionKey(user, marketId), BigInteger.ZERO);
    }

    private Outcome abort(int code, String description) {
        Optional<String> name = namedAborts
                ? HyperPerpError.fromCode(code).map(HyperPerpError::constantName) : Optional.empty();
        MoveAbort a = new MoveAbort(calls.contract(), calls.module(), code, name, namedAborts ? description : "");
        return new Outcome(false, a.toVmStatus());
    }
}
