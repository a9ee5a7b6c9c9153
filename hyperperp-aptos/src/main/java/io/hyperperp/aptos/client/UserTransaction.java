package io.hyperperp.aptos.client;

import io.hyperperp.aptos.account.AccountAddress;
import java.util.List;

/**
 * A committed user transaction as the node's REST API describes it, with its entry-function payload
 * in the API's JSON form: {@code function} is {@code address::module::name}, type arguments are
 * Move type names, arguments are JSON text (addresses and u64/u128 values as strings).
 *
 * @param hash          transaction hash
 * @param version       ledger version it committed at
 * @param success       true when execution succeeded
 * @param vmStatus      {@code Executed successfully} or the abort
 * @param sender        sender account
 * @param function      entry function, or empty for another payload kind
 * @param typeArguments type arguments
 * @param arguments     arguments as JSON text
 */
public record UserTransaction(String hash, long version, boolean success, String vmStatus, AccountAddress sender,
                              String function, List<String> typeArguments, List<String> arguments) {

    /** Copies the lists. */
    public UserTransaction {
        typeArguments = List.copyOf(typeArguments);
        arguments = List.copyOf(arguments);
    }

    /**
     * One page of committed transactions in version order.
     *
     * @param users       the user transactions on the page
     * @param nextVersion the version to ask for next
     */
    public record Page(List<UserTransaction> users, long nextVersion) {
        /** Copies the list. */
        public Page {
            users = List.copyOf(users);
        }
    }
}
