package io.hyperperp.server.http;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin resource sharing for browser pages on other origins (the seed's web app, dashboards).
 * Permissive by default, like the seed's engine: any origin, no credentials — authentication is by
 * signature headers, never by cookies, so a page on another origin gains nothing a script outside a
 * browser would not have. {@code server.cors_origins} narrows it to a list of origins.
 *
 * <p>Every answer to a request carrying an allowed {@code Origin} gets
 * {@code Access-Control-Allow-Origin} (SSE streams and errors included); a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered on every path.
 */
public final class Cors {

    /** Request headers a page may send. */
    public static final String ALLOWED_HEADERS = "Content-Type, Accept, Last-Event-ID, Authorization, "
            + "X-HyperPerp-Public-Key, X-HyperPerp-Timestamp, X-HyperPerp-Signature";
    /** Methods a page may use. */
    public static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    /** Response headers a page may read besides the always-readable ones. */
    public static final String EXPOSED_HEADERS = "Retry-After, Allow, WWW-Authenticate";
    /** How long a browser may cache a preflight answer, seconds. */
    public static final int MAX_AGE_SECS = 600;

    private final boolean anyOrigin;
    private final Set<String> origins;

    /** {@code ["*"]} allows every origin; otherwise the listed origins (lower case); empty allows none. */
    public Cors(List<String> allowedOrigins) {
        this.anyOrigin = allowedOrigins.contains("*");
        this.origins = Set.copyOf(allowedOrigins);
    }

    /** True for a CORS preflight request. */
    public static boolean isPreflight(String method, Headers request) {
        return "OPTIONS".equals(method) && request.getFirst("Origin") != null
                && request.getFirst("Access-Control-Request-Method") != null;
    }

    /** True when a page on {@code origin} may read the answers. */
    public boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /**
     * Adds the CORS headers of an answer to a request from {@code origin} (nothing for a request
     * without one (null), or from an origin not allowed: the browser then refuses the page the answer).
     */
    public void apply(String origin, Headers response) {
        if (!anyOrigin) {
            // Caches must not hand one origin's answer to another.
            response.add("Vary", "Origin");
        }
        if (!allows(origin)) {
            return;
        }
        response.set("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        response.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }

    /**
     * The answer to a preflight: 204 with the allowed methods and headers, or 403 for an origin
     * that is not allowed.
     */
    public ApiResponse preflight(Headers request, Headers response) {
        if (!allows(request.getFirst("Origin"))) {
            throw new ApiException(403, "ORIGIN_NOT_ALLOWED", "this origin may not call the API from a browser");
        }
        response.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.set("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECS));
        if ("true".equals(request.getFirst("Access-Control-Request-Private-Network"))) {
            // Chromium asks before a public page may call a server on a private or local address.
            response.set("Access-Control-Allow-Private-Network", "true");
        }
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], java.util.Map.of());
    }
}
