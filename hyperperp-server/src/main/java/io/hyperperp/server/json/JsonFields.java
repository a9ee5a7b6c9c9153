package io.hyperperp.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.decimal.Decimals;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Typed, validating access to the fields of one JSON object. Every failure throws a
 * {@link Failure} carrying the {@link ParseError}; nothing else escapes.
 */
final class JsonFields {

    /** A parse failure as a cheap exception (no stack trace): control flow inside this package only. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ParseError error;

        Failure(String field, ParseErrorCode code, String message) {
            super(message, null, false, false);
            this.error = new ParseError(field, code, message);
        }

        ParseError error() {
            return error;
        }
    }

    /** The object read as a tree, or null when it was streamed into {@link #flat}. */
    private final ObjectNode node;
    private final FlatJsonObject flat;

    JsonFields(ObjectNode node) {
        this.node = node;
        this.flat = null;
    }

    JsonFields(FlatJsonObject flat) {
        this.node = null;
        this.flat = flat;
    }

    /** Fails with UNKNOWN_FIELD on the first field (in document order) not in {@code allowed}. */
    void onlyAllowed(Set<String> allowed) {
        Iterator<String> names = node != null ? node.fieldNames() : flat.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new Failure(excerpt(name), ParseErrorCode.UNKNOWN_FIELD, "unknown field");
            }
        }
    }

    /** The field's value, or null when absent or JSON null. */
    JsonNode value(String field) {
        JsonNode v = node != null ? node.get(field) : flat.get(field);
        return v == null || v.isNull() ? null : v;
    }

    boolean present(String field) {
        return value(field) != null;
    }

    String requiredString(String field) {
        String s = optionalString(field);
        if (s == null) {
            throw missing(field);
        }
        return s;
    }

    /** {@code user_address}, a canonical user address ({@link UserAddresses#isCanonical}). */
    String requiredUser() {
        return requiredAddress(UserAddresses::isCanonical, "");
    }

    /**
     * {@code user_address} of a command that moves collateral, which the system accounts' collateral
     * may do too ({@link UserAddresses#isAccount}).
     */
    String requiredAccount() {
        return requiredAddress(UserAddresses::isAccount, ", insurance_fund or fee_account");
    }

    private String requiredAddress(Predicate<String> valid, String alternatives) {
        String user = requiredString("user_address");
        if (!valid.test(user)) {
            throw new Failure("user_address", ParseErrorCode.INVALID_FIELD,
                    "must be lower-case 0x + 1-64 hex digits without leading zeros" + alternatives);
        }
        return user;
    }

    String optionalString(String field) {
        JsonNode v = value(field);
        return v == null ? null : text(field, v);
    }

    private static String text(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be a string");
        }
        return v.textValue();
    }

    // The required forms look their field up once (each lookup passes the object's fields): an order reads five.

    /** A JSON integer in {@code [min, Long.MAX_VALUE]}. */
    long requiredLong(String field, long min) {
        return integer(field, required(field), min);
    }

    long optionalLong(String field, long min, long absent) {
        JsonNode v = value(field);
        return v == null ? absent : integer(field, v, min);
    }

    /** The field's value; MISSING_FIELD when absent or JSON null. */
    private JsonNode required(String field) {
        JsonNode v = value(field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    private static long integer(String field, JsonNode v, long min) {
        if (!v.isIntegralNumber()) {
            throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be an integer");
        }
        if (!v.canConvertToLong()) {
            throw new Failure(field, ParseErrorCode.NUMBER_OVERFLOW, "does not fit in 64 bits");
        }
        long x = v.longValue();
        if (x < min) {
            throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be at least " + min);
        }
        return x;
    }

    boolean optionalBoolean(String field, boolean absent) {
        JsonNode v = value(field);
        if (v == null) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be true or false");
        }
        return v.booleanValue();
    }

    /** An enum by its exact lower-case wire name, or {@code absent}. */
    <E extends Enum<E>> E optionalEnum(String field, EnumWireNames<E> wire, E absent) {
        JsonNode v = value(field);
        return v == null ? absent : constant(field, v, wire);
    }

    <E extends Enum<E>> E requiredEnum(String field, EnumWireNames<E> wire) {
        return constant(field, required(field), wire);
    }

    private static <E extends Enum<E>> E constant(String field, JsonNode v, EnumWireNames<E> wire) {
        E constant = wire.find(text(field, v));
        if (constant == null) {
            throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be one of " + wire.choices());
        }
        return constant;
    }

    /**
     * A non-negative decimal scaled by 10^scale, from a JSON string (preferred) or a JSON number
     * (its exact decimal value, never a double); {@code absent} when missing or null.
     */
    long optionalDecimal(String field, int scale, long absent) {
        JsonNode v = value(field);
        return v == null ? absent : decimal(field, v, scale);
    }

    long requiredDecimal(String field, int scale) {
        return decimal(field, required(field), scale);
    }

    private static long decimal(String field, JsonNode v, int scale) {
        if (v.isTextual()) {
            return decimalFromText(field, v.textValue(), scale);
        }
        if (v.isIntegralNumber() || v.isBigDecimal()) {
            return decimalFromNumber(field, v.decimalValue(), scale);
        }
        throw new Failure(field, ParseErrorCode.INVALID_FIELD, "must be a decimal string");
    }

    static long decimalFromText(String field, String text, int scale) {
        if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            throw new Failure(field, ParseErrorCode.INVALID_NUMBER, "must be an unsigned decimal number");
        }
        try {
            return Decimals.parse(text, scale);
        } catch (Decimals.DecimalFormatException e) {
            switch (e.error()) {
                case TOO_MANY_DECIMALS:
                    throw new Failure(field, ParseErrorCode.TOO_MANY_DECIMALS, "more than " + scale + " decimal places");
                case OVERFLOW:
                    throw new Failure(field, ParseErrorCode.NUMBER_OVERFLOW, "value too large");
                default:
                    throw new Failure(field, ParseErrorCode.INVALID_NUMBER,
                            Decimals.TOO_LONG_MESSAGE.equals(e.getMessage()) ? "a plain decimal number "
                                    + Decimals.TOO_LONG_MESSAGE : "not a plain decimal number");
            }
        }
    }

    static long decimalFromNumber(String field, BigDecimal raw, int scale) {
        if (raw.signum() < 0) {
            throw new Failure(field, ParseErrorCode.INVALID_NUMBER, "must not be negative");
        }
        if (raw.signum() == 0) {
            return 0;
        }
        try {
            BigDecimal value = raw.stripTrailingZeros();
            if (value.scale() > scale) {
                throw new Failure(field, ParseErrorCode.TOO_MANY_DECIMALS, "more than " + scale + " decimal places");
            }
            if ((long) value.precision() - value.scale() > 19) {
                throw new Failure(field, ParseErrorCode.NUMBER_OVERFLOW, "value too large");
            }
            return value.movePointRight(scale).longValueExact();
        } catch (ArithmeticException e) {
            throw new Failure(field, ParseErrorCode.NUMBER_OVERFLOW, "value too large");
        }
    }

    static Failure missing(String field) {
        return new Failure(field, ParseErrorCode.MISSING_FIELD, "is required");
    }

    /** A field name safe to echo: at most 40 characters, control characters replaced. */
    static String excerpt(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 41));
        for (int i = 0; i < text.length() && out.length() < 40; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (text.length() > 40) {
            out.append('…');
        }
        return out.toString();
    }
}
