package io.hyperperp.server.collateral;

import io.hyperperp.server.http.ApiException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;

/**
 * Says why an admin deposit credited nothing. The engine books a deposit id once and keeps the ids, not their
 * users: a second deposit under an id is a no-op whoever sends it. A retry (the same user and amount) is answered
 * as before, {@code credited: false}; the same id sent for another user, or for another amount, is a client's
 * mistake that would otherwise look like success, so it is refused with 409 {@value #CODE} naming
 * {@code deposit_id} and what the id was booked for.
 */
public final class DepositIdReuse {

    /** The error code of an id booked for another user or another amount. */
    public static final String CODE = "DEPOSIT_ID_TAKEN";
    /** The {@code reason} of a {@code credited: false} answer to a retry. */
    public static final String RETRY_REASON = "DEPOSIT_ID_ALREADY_BOOKED";

    private DepositIdReuse() {
    }

    /**
     * Refuses a deposit the engine did not credit because {@code depositId} was booked before for another user
     * or another amount; returns normally for a retry, or when {@code store} cannot tell who booked it.
     *
     * @param field     the request's field holding the id
     * @param user      the engine's key of the request's user
     * @param amount    the request's amount in the engine's base units
     * @param showAmount how the route writes an amount of base units (a decimal, or base units)
     */
    public static void refuseIfTaken(CollateralStore store, String depositId, String field, String user,
                                     BigInteger amount, Function<BigInteger, String> showAmount) {
        Optional<CollateralStore.Credit> booked = store.bookedDeposit(depositId);
        if (booked.isEmpty()) {
            return;
        }
        CollateralStore.Credit c = booked.get();
        if (!c.user().equals(user)) {
            throw new ApiException(409, CODE, field + " was booked before for another user (" + c.user()
                    + ", amount " + showAmount.apply(c.amount()) + "); nothing was credited", field);
        }
        if (!c.amount().equals(amount)) {
            throw new ApiException(409, CODE, field + " was booked before for this user with amount "
                    + showAmount.apply(c.amount()) + ", not " + showAmount.apply(amount) + "; nothing was credited",
                    field);
        }
    }
}
