package io.hyperperp.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete answer: status, content type, body and extra headers. {@link #TAKEN_OVER} means the
 * handler answers by itself (Server-Sent Events).
 *
 * @param status      HTTP status
 * @param contentType content type
 * @param body        body bytes
 * @param headers     extra headers
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** JSON content type. */
    public static final String JSON = "application/json";

    /** The handler has answered on its own. */
    public static final ApiResponse TAKEN_OVER = new ApiResponse(0, "", new byte[0], Map.of());

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
