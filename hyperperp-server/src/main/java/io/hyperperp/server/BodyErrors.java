package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.server.http.ApiException;
import java.util.Optional;

/** Errors about a request body that name the field at fault: JSON that does not parse, engine rejections. */
final class BodyErrors {

    private BodyErrors() {
    }

    /**
     * Turns an engine rejection of a command with one value in its body (a mark price, a leverage, a funding
     * rate) into an error about that value: the reasons name the fields of an order ({@code price},
     * {@code size}, {@code amount}), which such a body does not have. The market and the user keep theirs.
     */
    static void throwIfRejectedAbout(CommandResult r, String valueField) {
        Optional<RejectReason> reason = r.rejection();
        if (reason.isPresent()) {
            RejectReason x = reason.get();
            String field = x.field();
            if (!"market_id".equals(field) && !"user_address".equals(field)) {
                field = valueField;
            }
            throw new ApiException(400, x.name(), x.message(), field);
        }
    }

    /**
     * Names the field of a duplicate key and says which bound a body passed (nesting too deep, a number or a string
     * too long); other syntax errors stay terse.
     */
    static ApiException malformedJson(Exception e) {
        if (e instanceof StreamConstraintsException c) {
            // One exception for every bound of the parser: a 60,000-digit number was "nested deeper than 32 levels".
            String bound = c.getOriginalMessage() == null ? "" : c.getOriginalMessage();
            String what = bound.startsWith("Number value length") ? "a number longer than 1000 characters"
                    : bound.startsWith("String value length") ? "a string longer than the body may hold"
                    : "nested deeper than 32 levels";
            return ApiException.badRequest("INVALID_JSON", "malformed JSON: " + what, null);
        }
        String original = e instanceof JsonProcessingException j ? j.getOriginalMessage() : null;
        if (original != null && original.startsWith("Duplicate field '") && original.endsWith("'")) {
            String name = original.substring("Duplicate field '".length(), original.length() - 1);
            return ApiException.badRequest("INVALID_JSON", "malformed JSON: duplicate field",
                    RequestParams.fieldName(name));
        }
        return ApiException.badRequest("INVALID_JSON", "malformed JSON", null);
    }
}
