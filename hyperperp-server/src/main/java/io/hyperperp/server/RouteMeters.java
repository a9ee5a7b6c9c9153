package io.hyperperp.server;

import io.hyperperp.server.metrics.Metrics;
import java.util.concurrent.atomic.LongAdder;

/** One route's request metrics, looked up once: a request only increments and observes. */
final class RouteMeters {
    final Metrics.Histogram duration;
    private final Metrics metrics;
    private final String route;
    private final LongAdder[] byStatus = new LongAdder[600];

    RouteMeters(Metrics metrics, String routeName) {
        this.metrics = metrics;
        this.route = "route=\"" + Metrics.label(routeName) + "\"";
        this.duration = metrics.histogram("hyperperp_http_request_duration_seconds", route);
    }

    LongAdder requests(int status) {
        if (status < 0 || status >= byStatus.length) {
            return metrics.counter("hyperperp_http_requests_total", route + ",status=\"" + status + "\"");
        }
        LongAdder counter = byStatus[status];
        if (counter == null) {
            // A race looks the same counter up twice, harmlessly.
            counter = metrics.counter("hyperperp_http_requests_total", route + ",status=\"" + status + "\"");
            byStatus[status] = counter;
        }
        return counter;
    }
}
