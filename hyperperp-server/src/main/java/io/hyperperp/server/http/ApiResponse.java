package io.hyperperp.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A complete answer: status, content type, body and extra headers. {@link #TAKEN_OVER} means the
 * handler answers by itself (Server-Sent Events).
 *
 * <p>The body is the first {@code length} bytes of {@code body}, which may be a buffer reused from
 * answer to answer: {@code release} gives it back once the answer has been sent (or could not be),
 * so the bytes are written from that array without a copy.
 *
 * @param status      HTTP status
 * @param contentType content type
 * @param body        the array holding the body
 * @param length      how many bytes of {@code body}, from its start, are the body
 * @param headers     extra headers
 * @param release     run exactly once, after the body has been written or dropped
 */
public record ApiResponse(int status, String contentType, byte[] body, int length, Map<String, String> headers,
                          Runnable release) {

    /** JSON content type. */
    public static final String JSON = "application/json";

    private static final Runnable NOTHING_TO_RELEASE = () -> { };

    /** The handler has answered on its own. */
    public static final ApiResponse TAKEN_OVER = new ApiResponse(0, "", new byte[0], Map.of());

    /** Checks that the body's length fits its array. */
    public ApiResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(release, "release");
        Objects.checkFromIndexSize(0, length, body.length);
    }

    /** An answer whose body is the whole array, owned by the answer. */
    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, body.length, headers, NOTHING_TO_RELEASE);
    }

    /** A JSON answer. */
    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A 200 JSON answer. */
    public static ApiResponse ok(String json) {
        return json(200, json);
    }

    /** A 200 JSON answer already encoded as UTF-8. */
    public static ApiResponse ok(byte[] json) {
        return new ApiResponse(200, JSON, json, Map.of());
    }
}
