package io.hyperperp.server.ha;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link HaFailoverIT} needs around its instances: one embedded PostgreSQL shared by the child JVMs (a new
 * database per test), plain HTTP and SQL helpers.
 */
final class HaCluster implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final EmbeddedPostgres postgres;
    final String databaseUrl;
    private final String jdbcUrl;
    final List<HaNode> nodes = new ArrayList<>();
    private Connection connection;

    HaCluster() {
        try {
            this.postgres = EmbeddedPostgres.builder().setServerConfig("unix_socket_directories", "").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = "ha_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        sql("postgres", "CREATE DATABASE " + name);
        this.databaseUrl = "postgresql://postgres@localhost:" + postgres.getPort() + "/" + name;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    /**
     * The flags of an HA instance run in this process against {@code databaseUrl}: any port on loopback, a lease
     * of 1 s, node id {@code node}. Mutable, so that a test adds its own.
     */
    static Map<String, String> inProcessFlags(String databaseUrl, String node) {
        Map<String, String> flags = new HashMap<>();
        flags.put("server.port", "0");
        flags.put("server.host", "127.0.0.1");
        flags.put("database.url", databaseUrl);
        flags.put("ha.enabled", "true");
        flags.put("ha.lease_ms", "1000");
        flags.put("ha.node_id", node);
        return flags;
    }

    HaNode start(String name, long leaseMillis) throws Exception {
        return start(name, leaseMillis, Map.of());
    }

    /** @param settings more settings of the instance ({@code persistence.tables=behind}, ...) */
    HaNode start(String name, long leaseMillis, Map<String, String> settings) throws Exception {
        HaNode node = HaNode.start(name, databaseUrl, leaseMillis, settings);
        nodes.add(node);
        return node;
    }

    /** A reply: status, body and the HA headers. */
    record Reply(int status, String body, String role, String leader, String location, long lag) {
    }

    Reply get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    Reply post(String url, String json) throws IOException, InterruptedException {
        return send(postRequest(url, json));
    }

    static HttpRequest postRequest(String url, String json) {
        return postRequest(url, json, Duration.ofSeconds(5));
    }

    static HttpRequest postRequest(String url, String json, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        return reply(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    static Reply reply(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue(HaGate.ROLE).orElse(null),
                r.headers().firstValue(HaGate.LEADER).orElse(null), r.headers().firstValue("Location").orElse(null),
                r.headers().firstValue(HaGate.LAG).map(Long::parseLong).orElse(-1L));
    }

    /** @return the instance's role, or empty if it does not answer */
    Optional<String> role(HaNode node) {
        try {
            return Optional.ofNullable(get(node.url + "/v1/health").role());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits (polling, up to the deadline) until the instance reports the role. */
    void awaitRole(HaNode node, String role, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!role.equals(role(node).orElse(null))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.name + " did not become " + role + " within " + within
                        + " (now " + role(node).orElse("unreachable") + "); its threads: " + node.dumpThreads()
                        + "; the database's sessions: " + sessions());
            }
            Thread.sleep(20);
        }
    }

    /** Waits (polling, up to 30 s) until the instance has applied every command committed when called. */
    void awaitCaughtUp(HaNode node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long committed = number("SELECT last_command_number FROM engine_state");
        while (appliedCommandNumber(node) < committed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.name + " did not catch up with command " + committed + " in 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits (polling, up to 30 s) until the state tables hold the whole command log: with the tables written behind
     * the log (the default) the leader's table writer commits them up to a batch later than the log.
     */
    void awaitTablesAtLog() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (number("SELECT count(*) FROM read_model_watermark w, engine_state e"
                + " WHERE w.last_command_number IS NULL OR w.last_command_number = e.last_command_number") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the state tables did not reach the end of the command log in 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** @return the {@code hyperperp_ha_applied_command_number} the instance reports */
    long appliedCommandNumber(HaNode node) throws IOException, InterruptedException {
        String applied = get(node.url + "/v1/metrics").body().lines()
                .filter(l -> l.startsWith("hyperperp_ha_applied_command_number")).findFirst().orElse("x 0");
        return (long) Double.parseDouble(applied.substring(applied.lastIndexOf(' ') + 1));
    }

    /** @return when the current lease was taken, in epoch milliseconds (the database's clock, same machine) */
    long leaseTakenMillis() {
        return number("SELECT (extract(epoch FROM acquired_at) * 1000)::bigint FROM ha_lease");
    }

    /** @return the first column of every row, as text (one connection, kept open: clients ask in a hurry) */
    synchronized List<String> rows(String query) {
        List<String> out = new ArrayList<>();
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** What every session of the test database is doing and waiting for, one line each (for failure messages). */
    String sessions() {
        try {
            return String.join("\n", rows("SELECT pid || ' ' || coalesce(application_name, '') || ' ' || state"
                    + " || ' wait ' || coalesce(wait_event_type || ':' || wait_event, '-') || ' blocked by '"
                    + " || pg_blocking_pids(pid)::text || ' xact ' || coalesce(now() - xact_start, '0')::text"
                    + " || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 160)"
                    + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"));
        } catch (RuntimeException e) {
            return "(not read: " + e.getMessage() + ")";
        }
    }

    long number(String query) {
        return Long.parseLong(rows(query).get(0));
    }

    private void sql(String database, String statement) {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        for (HaNode node : nodes) {
            node.close();
        }
        synchronized (this) {
            if (connection != null) {
                connection.close();
            }
        }
        postgres.close();
    }
}
