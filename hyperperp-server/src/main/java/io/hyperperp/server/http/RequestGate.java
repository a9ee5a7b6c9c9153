package io.hyperperp.server.http;

import java.util.Map;

/**
 * Decides, per request, whether this instance serves it: with high availability a follower sends
 * order-changing requests to the leader. Asked after the route matched, before anything else runs.
 */
public interface RequestGate {

    /** Serves everything and adds no header (a single instance). */
    RequestGate OPEN = new RequestGate() {
        @Override
        public ApiException refusal(String method, String routeName, String rawPath, String rawQuery) {
            return null;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of();
        }
    };

    /**
     * @param method    the HTTP method
     * @param routeName the matched route's template
     * @param rawPath   the request path as sent
     * @param rawQuery  the query as sent, or null
     * @return null to serve the request here, else the answer (a redirect to the leader, or 503)
     */
    ApiException refusal(String method, String routeName, String rawPath, String rawQuery);

    /** @return headers added to every answer (role, replication lag) */
    Map<String, String> headers();
}
