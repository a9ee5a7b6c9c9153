package io.hyperperp.server.ha;

import io.hyperperp.server.HyperperpServer;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.metrics.Metrics;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one HA instance ({@code ha.enabled}): a {@link HyperperpServer} on an {@link HaBackend}. It starts as a
 * follower; when it steps down as leader, the server is closed and started again on the same port as a new
 * follower rebuilt from the database, so nothing the deposed leader processed but could not commit survives.
 */
public final class HaServe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaServe.class);

    private final Object lock = new Object();
    private ServerConfig config;
    private HyperperpServer server;
    private HaBackend backend;
    private int restarts;
    private boolean closed;

    private HaServe(ServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Starts an instance (a follower that contends for the lease once it listens). */
    public static HaServe start(ServerConfig config) throws Exception {
        if (!config.ha().enabled() || config.databaseUrl() == null) {
            throw new IllegalArgumentException("HaServe needs ha.enabled and database.url");
        }
        HaServe serve = new HaServe(config);
        synchronized (serve.lock) {
            serve.startServer();
        }
        return serve;
    }

    private void startServer() throws Exception {
        AtomicReference<HaBackend> opened = new AtomicReference<>();
        HyperperpServer s = startBinding(ctx -> {
            HaBackend b = HaBackend.open(ctx);
            opened.set(b);
            return b;
        });
        HaBackend b = opened.get();
        URI uri = s.uri();
        // A restart binds the port the first start got, so the advertised URL stays valid.
        config = config.withAddress(config.host(), s.port());
        b.advertise(uri.toString());
        b.onStepDown(this::restartAsFollower);
        registerMetrics(s.metrics(), b);
        server = s;
        backend = b;
    }

    /** Binding the port a stepped-down server just released may briefly fail; try again for a few seconds. */
    private HyperperpServer startBinding(io.hyperperp.server.backend.BackendFactory factory) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return HyperperpServer.start(config, factory);
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void registerMetrics(Metrics metrics, HaBackend b) {
        metrics.gauge("hyperperp_ha_leader", "1 while this instance holds the leader lease, else 0",
                () -> Map.of("", b.leading() ? 1.0 : 0.0));
        metrics.gauge("hyperperp_ha_term", "Leader term this instance holds or last held",
                () -> Map.of("", (double) b.term()));
        metrics.gauge("hyperperp_ha_replication_lag_commands",
                "Commands committed by the leader and not yet applied by this instance",
                () -> Map.of("", (double) b.replicationLagCommands()));
        metrics.gauge("hyperperp_ha_replication_lag_seconds", "How long this instance has been behind the leader",
                () -> Map.of("", b.replicationLagMillis() / 1000.0));
        metrics.gauge("hyperperp_ha_applied_command_number", "Last command of the log applied by this instance",
                () -> Map.of("", (double) b.appliedCommandNumber()));
    }

    private void restartAsFollower() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            LOG.warn("Restarting as a follower on port {}", config.port());
            server.close();
            try {
                startServer();
                restarts++;
            } catch (Exception e) {
                LOG.error("Could not restart as a follower: {}", e.toString(), e);
                closed = true;
                lock.notifyAll();
            }
        }
    }

    /** @return the running server (another one after each step-down) */
    public HyperperpServer server() {
        synchronized (lock) {
            return server;
        }
    }

    /** @return the running server's backend */
    public HaBackend backend() {
        synchronized (lock) {
            return backend;
        }
    }

    /** @return how many times this instance stepped down and restarted as a follower */
    public int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /** @return the base URI (the same across restarts) */
    public URI uri() {
        return server().uri();
    }

    /** Blocks until {@link #close()} (or a failed restart). */
    public void awaitShutdown() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                lock.wait();
            }
        }
    }

    /** Graceful shutdown: a leader drains, commits and releases the lease. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed && server == null) {
                return;
            }
            closed = true;
            if (server != null) {
                server.close();
                server = null;
            }
            lock.notifyAll();
        }
    }
}
