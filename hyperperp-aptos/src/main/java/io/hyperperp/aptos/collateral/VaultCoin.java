package io.hyperperp.aptos.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.TypeTag;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * The contract's pooled ledger, {@code vault_coin}: {@code deposit<CoinType>(user: &signer,
 * admin_addr: address, amount: u128)} moves the user's coins to the admin and credits the user's
 * entry in the admin's {@code UsdcLedger}; {@code withdraw_for<CoinType>(admin: &signer, to: address,
 * amount: u128)} debits the entry and pays the coins back.
 *
 * @param contract address the package is published at
 * @param admin    the admin account holding the ledger
 * @param coinType the collateral coin, e.g. {@code 0x...::usdc::USDC}
 */
public record VaultCoin(AccountAddress contract, AccountAddress admin, String coinType) {

    /** The module. */
    public static final String MODULE = "vault_coin";
    /** The user's deposit. */
    public static final String DEPOSIT = "deposit";
    /** The admin's withdrawal for a user. */
    public static final String WITHDRAW_FOR = "withdraw_for";

    /** Checks the references and that the coin type parses. */
    public VaultCoin {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(admin, "admin");
        TypeTag.parse(Objects.requireNonNull(coinType, "coinType"));
    }

    /** {@code address::vault_coin::deposit} as the REST API writes it. */
    public String depositFunction() {
        return contract + "::" + MODULE + "::" + DEPOSIT;
    }

    /** The deposit of {@code amount} base units the user signs: arguments admin address, amount. */
    public EntryFunction deposit(BigInteger amount) {
        return call(DEPOSIT, admin, amount);
    }

    /** The admin's payment of {@code amount} base units from the ledger back to {@code to}. */
    public EntryFunction withdrawFor(AccountAddress to, BigInteger amount) {
        return call(WITHDRAW_FOR, to, amount);
    }

    /**
     * The deposit as a wallet's {@code signAndSubmitTransaction} takes it (the REST API's JSON payload
     * form): function, type arguments, and the arguments admin address and amount as strings.
     */
    public JsonPayload depositJson(BigInteger amount) {
        return new JsonPayload(depositFunction(), List.of(coinType), List.of(admin.toString(), amount.toString()));
    }

    private EntryFunction call(String function, AccountAddress address, BigInteger amount) {
        return new EntryFunction(contract, MODULE, function, List.of(TypeTag.parse(coinType)),
                List.of(new BcsWriter().address(address).toByteArray(), new BcsWriter().u128(amount).toByteArray()));
    }

    /**
     * An entry-function payload in the REST API's JSON form.
     *
     * @param function      {@code address::module::name}
     * @param typeArguments Move type names
     * @param arguments     arguments as strings
     */
    public record JsonPayload(String function, List<String> typeArguments, List<String> arguments) {
        /** Copies the lists. */
        public JsonPayload {
            typeArguments = List.copyOf(typeArguments);
            arguments = List.copyOf(arguments);
        }
    }
}
