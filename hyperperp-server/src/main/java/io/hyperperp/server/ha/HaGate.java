package io.hyperperp.server.ha;

import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.RequestGate;
import java.util.Map;
import java.util.Set;

/**
 * The HA request gate: reads are served everywhere (followers from their replayed engine); order-changing
 * requests (any method but GET and HEAD) are served by the leader only. A follower answers them with
 * {@code 307 Temporary Redirect} to the same path on the leader's advertised URL (a 307 keeps method and body),
 * or with {@code 503 NO_LEADER} and {@code Retry-After: 1} while no instance holds a live lease. Every answer
 * carries the instance's role and how far behind the leader it is.
 */
final class HaGate implements RequestGate {

    /** Header: {@code leader}, {@code follower} or {@code stepped_down}. */
    static final String ROLE = "X-HyperPerp-Role";
    /** Header: commands the leader committed that this instance has not applied yet. */
    static final String LAG = "X-HyperPerp-Replication-Lag";
    /** Header: milliseconds this instance has been behind the leader. */
    static final String LAG_MILLIS = "X-HyperPerp-Replication-Lag-Ms";
    /** Header: the leader's advertised URL, when known. */
    static final String LEADER = "X-HyperPerp-Leader";

    /**
     * Longest path and query (characters of the raw request target) a follower's 307 carries to the leader; a longer
     * target is 414 {@code URI_TOO_LONG} and is not redirected. Without it the {@code Location} echoed a query string
     * of whatever length the JDK server accepts in a request head (a 200,000-character query came back whole).
     */
    static final int MAX_REDIRECT_TARGET = 8 * 1024;

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final Set<String> ALWAYS_LOCAL = Set.of("/health", "/metrics", "/v1/health", "/v1/metrics");

    private final HaBackend backend;

    HaGate(HaBackend backend) {
        this.backend = backend;
    }

    @Override
    public ApiException refusal(String method, String routeName, String rawPath, String rawQuery) {
        if (READ_METHODS.contains(method) || ALWAYS_LOCAL.contains(routeName) || backend.leading()) {
            return null;
        }
        String leader = backend.leaderUrl();
        if (leader != null && backend.role() == Role.FOLLOWER && !leader.equals(backend.advertisedUrl())) {
            long target = rawPath.length() + (rawQuery == null ? 0 : 1L + rawQuery.length());
            if (target > MAX_REDIRECT_TARGET) {
                return new ApiException(414, "URI_TOO_LONG", "this instance is a follower and redirects a path and"
                        + " query of at most " + MAX_REDIRECT_TARGET + " characters to the leader; this one has "
                        + target, null, Map.of(LEADER, leader));
            }
            String location = leader + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
            return new ApiException(307, "NOT_LEADER", "this instance is a follower; send order-changing requests"
                    + " to the leader at " + leader, null, Map.of("Location", location, LEADER, leader));
        }
        return new ApiException(503, "NO_LEADER", "no instance holds the leader lease right now; retry shortly",
                null, Map.of("Retry-After", "1"));
    }

    @Override
    public Map<String, String> headers() {
        String leader = backend.leaderUrl();
        String role = backend.role().name().toLowerCase(java.util.Locale.ROOT);
        return leader == null
                ? Map.of(ROLE, role, LAG, Long.toString(backend.replicationLagCommands()),
                        LAG_MILLIS, Long.toString(backend.replicationLagMillis()))
                : Map.of(ROLE, role, LAG, Long.toString(backend.replicationLagCommands()),
                        LAG_MILLIS, Long.toString(backend.replicationLagMillis()), LEADER, leader);
    }
}
