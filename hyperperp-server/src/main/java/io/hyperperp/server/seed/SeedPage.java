package io.hyperperp.server.seed;

import io.hyperperp.server.RequestParams;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.http.ApiRequest;
import java.util.List;

/**
 * {@code limit} and {@code offset} of the seed's list routes. {@code total} counts every match up to
 * {@link #COUNT_CAP} (the seed's engine answered the page length).
 *
 * @param limit  page size
 * @param offset matches skipped
 */
record SeedPage(int limit, int offset) {

    /** The most matches a list route counts (and pages through). */
    static final int COUNT_CAP = 10_000;
    /** Page size without {@code limit}. */
    static final int DEFAULT_LIMIT = 100;
    /** Largest {@code limit}. */
    static final int MAX_LIMIT = 1_000;

    static SeedPage of(ApiRequest req) {
        return new SeedPage(RequestParams.intParam(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                RequestParams.intParam(req, "offset", 0, 0, COUNT_CAP));
    }

    /** This page of a list of matches, newest first. */
    <T> List<T> slice(List<T> all) {
        int from = Math.min(offset, all.size());
        return all.subList(from, Math.min(all.size(), from + limit));
    }
}
