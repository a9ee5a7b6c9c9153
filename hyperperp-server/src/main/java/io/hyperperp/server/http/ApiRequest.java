package io.hyperperp.server.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** One request as the handlers see it: method, path parameters, query, headers, bounded body. */
public final class ApiRequest {

    private final HttpExchange exchange;
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final RequestHead head;
    private final int bodyLimit;
    private byte[] body;

    /** A request whose headers {@code head} has scanned. */
    public ApiRequest(HttpExchange exchange, RequestHead head, String method, String rawPath, String rawQuery,
                      Map<String, String> params, int bodyLimit) {
        this.exchange = exchange;
        this.head = head;
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.params = params;
        this.query = parseQuery(rawQuery);
        this.bodyLimit = bodyLimit;
    }

    /** The exchange (streaming handlers only). */
    public HttpExchange exchange() {
        return exchange;
    }

    /** HTTP method. */
    public String method() {
        return method;
    }

    /** Path and query exactly as sent ({@code /orders?user_address=0xa}): what signatures cover. */
    public String pathAndQuery() {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /** A path parameter. */
    public String param(String name) {
        return params.get(name);
    }

    /** A query parameter or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** All query parameter names. */
    public java.util.Set<String> queryNames() {
        return query.keySet();
    }

    /** A header or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The client's IP address. */
    public String clientIp() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** The body, read once, at most the limit (413 beyond). */
    public byte[] body() throws IOException {
        if (body != null) {
            return body;
        }
        String length = head.contentLength();
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("INVALID_REQUEST", "bad Content-Length", null);
            }
            if (declared > bodyLimit) {
                throw new ApiException(413, "BODY_TOO_LARGE", "request body exceeds " + bodyLimit + " bytes", null,
                        Map.of("Connection", "close"));
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] buf;
        try {
            // A declared length is read exactly (one allocation); a chunked body up to the limit + 1.
            buf = in.readNBytes(declared >= 0 ? (int) declared : bodyLimit + 1);
        } catch (IOException | RuntimeException e) {
            // The JDK's body streams fail on bad chunk sizes, chunk data longer than its size, trailers
            // and a body cut short: the client's framing, so a 400, and the connection cannot be reused.
            throw new ApiException(400, "MALFORMED_BODY", "the request body is not framed as its headers declare",
                    null, Map.of("Connection", "close"));
        }
        if (buf.length > bodyLimit) {
            throw new ApiException(413, "BODY_TOO_LARGE", "request body exceeds " + bodyLimit + " bytes", null,
                    Map.of("Connection", "close"));
        }
        body = buf;
        return body;
    }

    /** Requires a JSON content type for a non-empty body (415 otherwise) and returns the body. */
    public byte[] jsonBody() throws IOException {
        byte[] b = body();
        String type = head.contentType();
        if ((b.length > 0 || type != null) && !"application/json".equals(type)) {
            String t = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
            int semi = t.indexOf(';');
            String media = (semi < 0 ? t : t.substring(0, semi)).trim();
            if (!media.equals("application/json")) {
                throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
            }
        }
        return b;
    }

    private static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        if (raw.length() > 4096) {
            throw ApiException.badRequest("INVALID_QUERY", "query string too long", null);
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("INVALID_QUERY", "malformed percent-encoding in the query", null);
            }
            if (out.put(k, v) != null) {
                throw ApiException.badRequest("INVALID_QUERY", "query parameter given twice", k.length() > 40 ? null : k);
            }
        }
        return out;
    }
}
