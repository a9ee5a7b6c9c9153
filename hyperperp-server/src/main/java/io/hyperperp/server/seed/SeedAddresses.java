package io.hyperperp.server.seed;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.server.http.ApiException;

/**
 * Account addresses as the seed's clients send them (short or long form, leading zeros, either
 * case), compared as 32 bytes: the engine keys users by the canonical short form, and the seed's
 * routes answer in AIP-40 form ({@code 0x0}..{@code 0xf} short, every other address as {@code 0x}
 * and 64 lower-case hex digits).
 */
final class SeedAddresses {

    private SeedAddresses() {
    }

    /** The address of {@code text}, or a 400 naming {@code field}. */
    static AccountAddress parse(String text, String field) {
        if (text == null) {
            throw ApiException.badRequest("MISSING_FIELD", field + " is required", field);
        }
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
            throw invalid(field);
        }
        try {
            return AccountAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field);
        }
    }

    /** The engine's key for the address of {@code text}: canonical short form. */
    static String engineKey(String text, String field) {
        return parse(text, field).toShortString();
    }

    /** The AIP-40 form of an engine user key. */
    static String aip40(String engineKey) {
        return AccountAddress.parse(engineKey).toString();
    }

    private static ApiException invalid(String field) {
        return ApiException.badRequest("INVALID_FIELD",
                "must be an account address: 0x and 1-64 hex digits (short or long form, any case)", field);
    }
}
