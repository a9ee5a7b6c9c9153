package io.hyperperp.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches method and path on whole segments. A literal segment wins over a parameter
 * ({@code /orders/batch} before {@code /orders/{order_id}}). A path that matches some route with
 * another method is 405 (with Allow), no match is 404. HEAD is served by the GET routes (the
 * transport sends the headers only).
 */
public final class Router {

    private final List<Route> routes;
    /** The segments of each route's template, split once (every request is matched against all of them). */
    private final List<List<String>> templates;
    /**
     * The routes without parameters, by method and then path ({@code /v1/orders}), each with its match
     * made once: such a route beats every other match of its method, so the hot routes
     * ({@code POST /v1/orders}) are found without trying the whole list or allocating.
     */
    private final Map<String, Map<String, Match>> literals;
    /** Prepended to every template added through this view ({@code ""} for the root). */
    private final String prefix;

    /** An empty router. */
    public Router() {
        this(new ArrayList<>(), new ArrayList<>(), new HashMap<>(), "");
    }

    private Router(List<Route> routes, List<List<String>> templates, Map<String, Map<String, Match>> literals,
                   String prefix) {
        this.routes = routes;
        this.templates = templates;
        this.literals = literals;
        this.prefix = prefix;
    }

    /**
     * A view of this router that registers every route under {@code prefix} (for instance
     * {@code /v1}); the routes land in this router, so one {@link #match} sees them all.
     */
    public Router under(String prefix) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts with / and does not end with one: " + prefix);
        }
        return new Router(routes, templates, literals, this.prefix + prefix);
    }

    /** Adds a route (under this view's prefix). */
    public Router add(String method, String template, Route.Handler handler) {
        String full = prefix + template;
        Route route = new Route(method, full, full, handler);
        routes.add(route);
        templates.add(List.copyOf(route.segments()));
        if (route.segments().stream().noneMatch(seg -> seg.startsWith("{") && seg.endsWith("}"))) {
            literals.computeIfAbsent(method, m -> new HashMap<>())
                    .putIfAbsent(literalPath(route.segments()), new Match(route, Map.of()));
        }
        return this;
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** A match: the route and its path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    /**
     * The route for a request's raw path, or throws 404/405: a path that is exactly a route without
     * parameters is found without splitting it.
     */
    public Match match(String method, String rawPath) {
        Map<String, Match> byPath = literals.get("HEAD".equals(method) ? "GET" : method);
        Match literal = byPath == null ? null : byPath.get(rawPath);
        return literal != null ? literal : match(method, split(rawPath));
    }

    /** The route for a request, or throws 404/405. HEAD matches the GET routes. */
    public Match match(String method, List<String> path) {
        String wanted = "HEAD".equals(method) ? "GET" : method;
        Map<String, Match> byPath = literals.get(wanted);
        Match literal = byPath == null ? null : byPath.get(literalPath(path));
        if (literal != null) {
            return literal;
        }
        Match best = null;
        int bestLiterals = -1;
        TreeSet<String> allowed = new TreeSet<>();
        for (int k = 0; k < routes.size(); k++) {
            Route r = routes.get(k);
            List<String> t = templates.get(k);
            if (t.size() != path.size()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < t.size() && ok; i++) {
                String seg = t.get(i);
                if (seg.startsWith("{") && seg.endsWith("}")) {
                    params.put(seg.substring(1, seg.length() - 1), path.get(i));
                } else if (seg.equals(path.get(i))) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            allowed.add(r.method());
            if (r.method().equals("GET")) {
                allowed.add("HEAD");
            }
            if (r.method().equals(wanted) && literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            // A literal route of another method must not be shadowed by a parameter route of this one.
            return best;
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", "method " + safe(method) + " is not allowed here",
                    null, Map.of("Allow", String.join(", ", allowed)));
        }
        throw ApiException.notFound("NOT_FOUND", "no such route");
    }

    private static String literalPath(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    private static String safe(String method) {
        return method.length() > 20 || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z') ? "(unsupported)" : method;
    }

    /** Path segments without empty ones at the ends; {@code /} gives an empty list. */
    public static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        String p = path;
        if (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        for (String s : p.split("/", -1)) {
            out.add(s);
        }
        if (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out;
    }
}
