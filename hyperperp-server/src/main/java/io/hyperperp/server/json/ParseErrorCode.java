package io.hyperperp.server.json;

/** Why a command line could not be turned into a {@link io.hyperperp.core.command.Command}. */
public enum ParseErrorCode {
    /** Not one well-formed JSON object (syntax error, trailing data, duplicate key, not an object). */
    INVALID_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or a value outside its domain. */
    INVALID_FIELD,
    /** The {@code op} is not one of place, cancel, amend, cancel_all. */
    UNKNOWN_OP,
    /** A decimal has more fractional digits than the market allows. */
    TOO_MANY_DECIMALS,
    /** A decimal is not a plain non-negative number (NaN, letters, exponent in a string, negative). */
    INVALID_NUMBER,
    /** A number does not fit the engine's 64-bit fixed point. */
    NUMBER_OVERFLOW,
    /** A field that the op does not define. */
    UNKNOWN_FIELD
}
