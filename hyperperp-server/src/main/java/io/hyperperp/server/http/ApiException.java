package io.hyperperp.server.http;

import java.util.Map;

/**
 * An error answer: HTTP status and the JSON body {@code {"error":{"code","message","field"}}}, with
 * {@code "limit":{"name","value"}} when a validation rule of the market was broken.
 * Thrown by handlers; the router turns it into the response.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;
    private final transient Map<String, String> headers;
    private final transient Limit limit;

    /**
     * The market limit a rejected value broke.
     *
     * @param name  {@code tick}, {@code lot}, {@code min_size}, {@code max_size} or {@code price_band_bps}
     * @param value the limit as a decimal string at the market's scale (basis points for the band)
     */
    public record Limit(String name, String value) {
    }

    /** An error without a field. */
    public ApiException(int status, String code, String message) {
        this(status, code, message, null, Map.of());
    }

    /** An error about one field. */
    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, Map.of());
    }

    /** An error with extra response headers (Retry-After, Allow, WWW-Authenticate). */
    public ApiException(int status, String code, String message, String field, Map<String, String> headers) {
        this(status, code, message, field, headers, null);
    }

    /** A validation error naming the market limit it enforces. */
    public ApiException(int status, String code, String message, String field, Limit limit) {
        this(status, code, message, field, Map.of(), limit);
    }

    private ApiException(int status, String code, String message, String field, Map<String, String> headers,
                         Limit limit) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
        this.limit = limit;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Machine-readable code. */
    public String code() {
        return code;
    }

    /** Offending field or null. */
    public String field() {
        return field;
    }

    /** The market limit the request broke, or null. */
    public Limit limit() {
        return limit;
    }

    /** Extra headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400 about a field. */
    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    /** 404. */
    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }
}
