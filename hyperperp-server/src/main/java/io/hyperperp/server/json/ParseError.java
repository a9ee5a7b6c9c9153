package io.hyperperp.server.json;

import java.util.Objects;

/**
 * A command line that could not be parsed.
 *
 * @param field   the offending field in wire naming, or {@code null} when the line as a whole is bad
 * @param code    machine-readable reason
 * @param message human-readable explanation (never contains the raw input beyond a short excerpt)
 */
public record ParseError(String field, ParseErrorCode code, String message) implements ParseResult {

    /** Checks code and message are present. */
    public ParseError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** One line for logs and stderr, e.g. {@code INVALID_FIELD side: must be one of buy, sell}. */
    public String describe() {
        return field == null ? code + ": " + message : code + " " + field + ": " + message;
    }
}
