package io.hyperperp.aptos.sim;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.hyperperp.MoveAbort;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.tx.EntryFunction;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's coin stores and {@code vault_coin} pooled ledgers, as the deployed contract keeps
 * them: {@code deposit<T>(user, admin_addr, amount: u128)} moves coins of any type from the user to
 * the admin and credits {@code UsdcLedger[admin_addr][user]}; {@code withdraw_for<T>(admin, to,
 * amount: u128)} debits the signer's ledger entry (abort 10 when short) and the user's
 * {@code Account.collateral} (abort 23 when short) and pays the coins back;
 * {@code apply_batch}'s {@code transfer_internal} moves each fill's notional, size·price_x/1e8,
 * from the taker's entry to the maker's in the signer's ledger, aborting the whole transaction when
 * a taker is short. Not thread-safe: {@link SimLedger} serialises access.
 */
final class VaultCoinModel {

    private static final BigInteger PX_SCALE = BigInteger.TEN.pow(8);

    private final AccountAddress contract;
    private final boolean namedAborts;
    /** Coin balances by (type, owner). */
    private final Map<String, Map<AccountAddress, BigInteger>> coins = new HashMap<>();
    /**
     * {@code Account.collateral} by user: deposits add, {@code withdraw_for}'s {@code sub_collateral}
     * subtracts (abort 23 when short); {@code apply_batch} never touches it, so a maker's ledger entry
     * can outgrow what it may withdraw.
     */
    private final Map<AccountAddress, BigInteger> accountCollateral = new HashMap<>();
    /** Ledger entries by (ledger holder, user). */
    private final Map<AccountAddress, Map<AccountAddress, BigInteger>> ledgers = new HashMap<>();

    VaultCoinModel(AccountAddress contract, boolean namedAborts) {
        this.contract = contract;
        this.namedAborts = namedAborts;
    }

    void initLedger(AccountAddress admin) {
        ledgers.computeIfAbsent(admin, a -> new HashMap<>());
    }

    void mint(String coinType, AccountAddress owner, BigInteger amount) {
        coins.computeIfAbsent(coinType, t -> new HashMap<>()).merge(owner, amount, BigInteger::add);
    }

    BigInteger coinBalance(String coinType, AccountAddress owner) {
        return coins.getOrDefault(coinType, Map.of()).getOrDefault(owner, BigInteger.ZERO);
    }

    BigInteger ledgerBalance(AccountAddress admin, AccountAddress user) {
        return ledgers.getOrDefault(admin, Map.of()).getOrDefault(user, BigInteger.ZERO);
    }

    /** Executes a {@code vault_coin} call; balances change only if {@code commit} and it succeeds. */
    PerpEngineModel.Outcome execute(AccountAddress sender, EntryFunction payload, boolean commit) {
        if (payload.typeArgs().size() != 1) {
            return new PerpEngineModel.Outcome(false, "NUMBER_OF_TYPE_ARGUMENTS_MISMATCH");
        }
        String coinType = payload.typeArgs().get(0).toString();
        AccountAddress address;
        BigInteger amount;
        try {
            if (payload.argCount() != 2) {
                return new PerpEngineModel.Outcome(false, "NUMBER_OF_ARGUMENTS_MISMATCH");
            }
            BcsReader a = payload.argReader(0);
            address = a.address();
            a.finish();
            BcsReader b = payload.argReader(1);
            amount = b.u128();
            b.finish();
        } catch (BcsException e) {
            return new PerpEngineModel.Outcome(false, "FAILED_TO_DESERIALIZE_ARGUMENT");
        }
        switch (payload.function()) {
            case "deposit" -> {
                Map<AccountAddress, BigInteger> ledger = ledgers.get(address);
                if (ledger == null) {
                    return new PerpEngineModel.Outcome(false, "MISSING_DATA");
                }
                if (coinBalance(coinType, sender).compareTo(amount) < 0) {
                    return coinAbort();
                }
                if (commit) {
                    mint(coinType, sender, amount.negate());
                    mint(coinType, address, amount);
                    ledger.merge(sender, amount, BigInteger::add);
                    accountCollateral.merge(sender, amount, BigInteger::add);
                }
                return PerpEngineModel.Outcome.OK;
            }
            case "withdraw_for" -> {
                Map<AccountAddress, BigInteger> ledger = ledgers.get(sender);
                if (ledger == null) {
                    return new PerpEngineModel.Outcome(false, "MISSING_DATA");
                }
                if (ledgerBalance(sender, address).compareTo(amount) < 0) {
                    return insufficientMargin();
                }
                if (accountCollateral(address).compareTo(amount) < 0) {
                    return abort("account", HyperPerpError.INSUFFICIENT_COLLATERAL, "collateral too small");
                }
                if (coinBalance(coinType, sender).compareTo(amount) < 0) {
                    return coinAbort();
                }
                if (commit) {
                    ledger.merge(address, amount.negate(), BigInteger::add);
                    accountCollateral.merge(address, amount.negate(), BigInteger::add);
                    mint(coinType, sender, amount.negate());
                    mint(coinType, address, amount);
                }
                return PerpEngineModel.Outcome.OK;
            }
            default -> {
                return new PerpEngineModel.Outcome(false, "FUNCTION_RESOLUTION_FAILURE");
            }
        }
    }

    /**
     * {@code transfer_internal} of every fill in order, in the signer's ledger; null when all
     * succeed (and are applied if {@code commit}), else the abort of the whole transaction.
     */
    PerpEngineModel.Outcome transfer(AccountAddress signer, List<SettlementFill> fills, boolean commit) {
        Map<AccountAddress, BigInteger> ledger = ledgers.get(signer);
        if (ledger == null) {
            return new PerpEngineModel.Outcome(false, "MISSING_DATA");
        }
        Map<AccountAddress, BigInteger> after = new HashMap<>(ledger);
        for (SettlementFill f : fills) {
            BigInteger notional = f.size().multiply(BigInteger.valueOf(f.priceX())).divide(PX_SCALE);
            BigInteger taker = after.getOrDefault(f.taker(), BigInteger.ZERO);
            if (taker.compareTo(notional) < 0) {
                return insufficientMargin();
            }
            after.put(f.taker(), taker.subtract(notional));
            after.merge(f.maker(), notional, BigInteger::add);
        }
        if (commit) {
            ledger.clear();
            ledger.putAll(after);
        }
        return null;
    }

    /** {@code Account.collateral} of {@code user}, base units. */
    BigInteger accountCollateral(AccountAddress user) {
        return accountCollateral.getOrDefault(user, BigInteger.ZERO);
    }

    private PerpEngineModel.Outcome insufficientMargin() {
        return abort("vault_coin", HyperPerpError.INSUFFICIENT_MARGIN, "ledger entry too small");
    }

    private PerpEngineModel.Outcome abort(String module, HyperPerpError error, String description) {
        int code = error.code();
        MoveAbort a = new MoveAbort(contract, module, code,
                namedAborts ? HyperPerpError.fromCode(code).map(HyperPerpError::constantName) : java.util.Optional.empty(),
                namedAborts ? description : "");
        return new PerpEngineModel.Outcome(false, a.toVmStatus());
    }

    private static PerpEngineModel.Outcome coinAbort() {
        return new PerpEngineModel.Outcome(false,
                "Move abort in 0x1::coin: EINSUFFICIENT_BALANCE(0x10006): Not enough coins to complete transaction");
    }
}
