package io.hyperperp.server.metrics;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.runtime.CommitHook;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.settlement.BatchStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import javax.sql.DataSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters, gauges and histograms in the Prometheus text format (0.0.4): the engine's
 * {@code hyperperp_*} families on lock-free adders with fixed latency buckets, followed by
 * Micrometer's JVM, process and connection-pool meters. Also the {@link GroupListener} that counts
 * orders, fills and rejections, the commit-hook timer and the settlement listener. Every counter
 * whose labels are known in advance is exported at zero from the start, so that {@code rate()}
 * and alerts see it before its first event. docs/operations.md lists every family.
 */
public final class Metrics implements GroupListener, SettlementListener, AutoCloseable {

    /** Reasons a stream client is disconnected by the server ({@code hyperperp_stream_disconnects_total}). */
    public static final List<String> DISCONNECT_REASONS = List.of("overflow", "slow", "max_age");

    private static final double[] BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** {@link #BUCKETS} in nanoseconds: an observation (three per order) is sorted and summed without floating point. */
    private static final long[] BUCKET_NANOS = Arrays.stream(BUCKETS).mapToLong(b -> Math.round(b * 1e9))
            .toArray();

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Map<String, Double>>> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();
    private final AtomicLong lastConfirmedMillis = new AtomicLong();
    private final RuntimeMeters runtime = new RuntimeMeters();
    /** The counters every committed group adds to, kept rather than found by a key string built per group. */
    private final LongAdder ordersAccepted;
    private final LongAdder ordersRejected;
    private final LongAdder fillsTotal;
    private final LongAdder[] rejectionsByReason = new LongAdder[RejectReason.values().length];
    private final LongAdder[] riskEventsByKind = new LongAdder[RiskEvent.Kind.values().length];

    /** Registers the descriptions, the build-info gauge and the known counters at zero. */
    public Metrics() {
        help.put("hyperperp_orders_total", "counter|Place commands processed, by result (accepted, rejected)");
        help.put("hyperperp_fills_total", "counter|Fills (trades)");
        help.put("hyperperp_rejections_total", "counter|Rejected commands by reason");
        help.put("hyperperp_risk_events_total", "counter|Account events by kind (deposits, funding, liquidations, "
                + "takeovers by the insurance fund, auto-deleveraging)");
        help.put("hyperperp_http_requests_total", "counter|HTTP requests by route and status");
        help.put("hyperperp_http_request_duration_seconds", "histogram|HTTP request latency by route");
        help.put("hyperperp_engine_latency_seconds", "histogram|Submit to acknowledgement, per command");
        help.put("hyperperp_commit_duration_seconds", "histogram|Commit hook time per group");
        help.put("hyperperp_settlement_batch_changes_total", "counter|Settlement batches saved, by new status");
        help.put("hyperperp_stream_disconnects_total", "counter|SSE clients disconnected by the server, by reason");
        ordersAccepted = counter("hyperperp_orders_total", "result=\"accepted\"");
        ordersRejected = counter("hyperperp_orders_total", "result=\"rejected\"");
        fillsTotal = counter("hyperperp_fills_total", "");
        for (RejectReason reason : RejectReason.values()) {
            rejectionsByReason[reason.ordinal()] = counter("hyperperp_rejections_total",
                    "reason=\"" + reason.name() + "\"");
        }
        for (RiskEvent.Kind kind : RiskEvent.Kind.values()) {
            riskEventsByKind[kind.ordinal()] = counter("hyperperp_risk_events_total",
                    "kind=\"" + kind.name().toLowerCase(Locale.ROOT) + "\"");
        }
        for (BatchStatus status : BatchStatus.values()) {
            add("hyperperp_settlement_batch_changes_total", "status=\"" + status.wireName() + "\"", 0);
        }
        for (String reason : DISCONNECT_REASONS) {
            add("hyperperp_stream_disconnects_total", "reason=\"" + reason + "\"", 0);
        }
        String buildLabels = "version=\"" + label(BuildInfo.version()) + "\",java_version=\""
                + label(System.getProperty("java.version", "unknown")) + "\"";
        gauge("hyperperp_build_info", "Always 1; the labels name the HyperPerp version and the Java runtime",
                () -> Map.of(buildLabels, 1.0));
    }

    /**
     * Publishes the connection pool's meters ({@code hikaricp_connections_*}) when the data source
     * is a HikariCP pool; returns whether it was bound.
     */
    public boolean bindConnectionPool(DataSource dataSource) {
        return runtime.bindPool(dataSource);
    }

    /** Stops the JVM meters' listeners (garbage-collection notifications). */
    @Override
    public void close() {
        runtime.close();
    }

    /** Adds 1 to a counter. */
    public void inc(String name, String labels) {
        add(name, labels, 1);
    }

    /** Adds to a counter; {@code labels} is {@code key="value",...} or empty. */
    public void add(String name, String labels, long n) {
        counters.computeIfAbsent(key(name, labels), k -> new LongAdder()).add(n);
    }

    /** Records a latency. */
    public void observe(String name, String labels, long nanos) {
        histogram(name, labels).observe(nanos);
    }

    /**
     * A latency histogram looked up once: a hot path keeps it rather than naming it on every call (which
     * builds and hashes the name's key string each time).
     */
    public Histogram histogram(String name, String labels) {
        return histograms.computeIfAbsent(key(name, labels), k -> new Histogram());
    }

    /** A counter looked up once, for the same reason as {@link #histogram}. */
    public LongAdder counter(String name, String labels) {
        return counters.computeIfAbsent(key(name, labels), k -> new LongAdder());
    }

    /** A gauge family computed at scrape time: label text to value. */
    public void gauge(String name, String description, Supplier<Map<String, Double>> values) {
        help.put(name, "gauge|" + description);
        gauges.put(name, values);
    }

    /** Wraps a commit hook to time it. */
    public CommitHook timed(CommitHook hook) {
        Histogram duration = histogram("hyperperp_commit_duration_seconds", "");
        return group -> {
            long t0 = System.nanoTime();
            try {
                hook.commit(group);
            } finally {
                duration.observe(System.nanoTime() - t0);
            }
        };
    }

    /** Epoch millis of the last confirmed batch this process saw, or 0. */
    public long lastConfirmedMillis() {
        return lastConfirmedMillis.get();
    }

    @Override
    public void onCommitted(ProcessedGroup group) {
        long accepted = 0;
        long rejected = 0;
        long fills = 0;
        // By index: a for-each over the group's immutable lists makes two iterators per order.
        List<ProcessedCommand> commands = group.commands();
        for (int k = 0; k < commands.size(); k++) {
            ProcessedCommand c = commands.get(k);
            boolean place = c.command() instanceof PlaceOrder;
            List<EngineEvent> events = c.events();
            for (int i = 0; i < events.size(); i++) {
                EngineEvent e = events.get(i);
                if (e instanceof EngineEvent.Fill) {
                    fills++;
                } else if (e instanceof EngineEvent.CommandRejected r) {
                    rejectionsByReason[r.reason().ordinal()].increment();
                    if (place) {
                        rejected++;
                    }
                } else if (place && e instanceof EngineEvent.OrderAccepted) {
                    accepted++;
                } else if (e instanceof EngineEvent.Risk r) {
                    riskEventsByKind[r.event().kind().ordinal()].increment();
                }
            }
        }
        if (accepted > 0) {
            ordersAccepted.add(accepted);
        }
        if (rejected > 0) {
            ordersRejected.add(rejected);
        }
        if (fills > 0) {
            fillsTotal.add(fills);
        }
    }

    @Override
    public void batchChanged(SettlementBatch batch) {
        inc("hyperperp_settlement_batch_changes_total", "status=\"" + batch.status().wireName() + "\"");
        if (batch.status() == BatchStatus.CONFIRMED) {
            lastConfirmedMillis.accumulateAndGet(batch.updatedAtMs(), Math::max);
        }
    }

    /** The exposition text. */
    public String scrape() {
        StringBuilder out = new StringBuilder(8192);
        TreeMap<String, StringBuilder> families = new TreeMap<>();
        for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('|'));
            String labels = e.getKey().substring(e.getKey().indexOf('|') + 1);
            families.computeIfAbsent(name, n -> new StringBuilder())
                    .append(name).append(braces(labels)).append(' ').append(e.getValue().sum()).append('\n');
        }
        for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('|'));
            String labels = e.getKey().substring(e.getKey().indexOf('|') + 1);
            e.getValue().write(name, labels, families.computeIfAbsent(name, n -> new StringBuilder()));
        }
        for (Map.Entry<String, Supplier<Map<String, Double>>> e : gauges.entrySet()) {
            StringBuilder sb = families.computeIfAbsent(e.getKey(), n -> new StringBuilder());
            Map<String, Double> values;
            try {
                values = e.getValue().get();
            } catch (RuntimeException ex) {
                continue;
            }
            for (Map.Entry<String, Double> v : values.entrySet()) {
                sb.append(e.getKey()).append(braces(v.getKey())).append(' ').append(num(v.getValue())).append('\n');
            }
        }
        for (Map.Entry<String, StringBuilder> f : families.entrySet()) {
            String h = help.getOrDefault(f.getKey(), "untyped|" + f.getKey());
            int bar = h.indexOf('|');
            out.append("# HELP ").append(f.getKey()).append(' ').append(h.substring(bar + 1)).append('\n');
            out.append("# TYPE ").append(f.getKey()).append(' ').append(h, 0, bar).append('\n');
            out.append(f.getValue());
        }
        out.append(runtime.scrape());
        return out.toString();
    }

    private static String key(String name, String labels) {
        return name + "|" + (labels == null ? "" : labels);
    }

    private static String braces(String labels) {
        return labels.isEmpty() ? "" : "{" + labels + "}";
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Escapes a label value. */
    public static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A latency histogram of the exposition's fixed buckets. */
    public static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        /** Records a latency. */
        public void observe(long nanos) {
            int i = 0;
            while (i < BUCKET_NANOS.length && nanos > BUCKET_NANOS[i]) {
                i++;
            }
            counts[i].increment();
            sumNanos.add(nanos);
        }

        void write(String name, String labels, StringBuilder sb) {
            long cumulative = 0;
            String sep = labels.isEmpty() ? "" : labels + ",";
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts[i].sum();
                sb.append(name).append("_bucket{").append(sep).append("le=\"").append(java.math.BigDecimal.valueOf(BUCKETS[i]).toPlainString()).append("\"} ")
                        .append(cumulative).append('\n');
            }
            cumulative += counts[BUCKETS.length].sum();
            sb.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(cumulative).append('\n');
            sb.append(name).append("_sum").append(braces(labels)).append(' ').append(sumNanos.sum() / 1e9).append('\n');
            sb.append(name).append("_count").append(braces(labels)).append(' ').append(cumulative).append('\n');
        }
    }
}
