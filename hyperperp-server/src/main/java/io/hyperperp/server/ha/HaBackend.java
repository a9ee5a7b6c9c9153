package io.hyperperp.server.ha;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.CommandLog;
import io.hyperperp.jdbc.engine.EngineRecovery;
import io.hyperperp.jdbc.engine.JdbcCommitHook;
import io.hyperperp.jdbc.engine.LogRetention;
import io.hyperperp.jdbc.ha.LeaderLease;
import io.hyperperp.jdbc.ha.LeaseHolder;
import io.hyperperp.server.backend.AccountLedger;
import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.config.HaSettings;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.RequestGate;
import io.hyperperp.server.persistence.JdbcAccountLedger;
import io.hyperperp.server.persistence.JdbcHistory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of an HA instance: an engine rebuilt from the shared PostgreSQL that follows the command log
 * ({@link LogFollower}) until this instance takes the leader lease ({@link LeaderLease}); then it replays what
 * is left, commits its own groups fenced by its term and runs settlement. It never goes back to following: a
 * leader that loses the lease, or whose commit is refused, steps down and its {@link HaServe} restarts it as a
 * follower from the database (what it processed but could not commit must not stay in its engine).
 *
 * <p>One thread (the HA loop) replays, takes and renews the lease; request threads only read its volatile state.
 */
public final class HaBackend implements ExchangeBackend {

    private static final Logger LOG = LoggerFactory.getLogger(HaBackend.class);

    /** How often a follower polls the command log. */
    private static final long POLL_MILLIS = 10;
    /**
     * A follower tries the lease a twentieth of a lease apart, at most every 50 ms: how late it notices that the
     * lease expired or that the leader's process died.
     */
    private static final long MAX_CONTEND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final MarketRegistry markets;
    private final Database database;
    private final JdbcHistory history;
    private final JdbcAccountLedger accountLedger;
    private final EngineRuntime runtime;
    private final SwitchableCommitHook hook;
    private final HaSettlement settlement;
    private final LeaderLease lease;
    private final LogFollower follower;
    private final long leaseNanos;
    private final long contendIntervalNanos;
    private final Thread loop;
    private final HaGate gate;
    private final SpareConnection spareConnection;
    private final HaSettings settings;
    private volatile SnapshotTask snapshots;
    private volatile Role role = Role.FOLLOWER;
    private volatile long term;
    private volatile long lastRenewalNanos;
    private volatile String advertisedUrl;
    private volatile String leaderUrl;
    private volatile Runnable onStepDown = () -> { };
    private volatile boolean closing;

    private HaBackend(BackendContext context) {
        ServerConfig config = context.config();
        HaSettings ha = config.ha();
        this.markets = config.markets();
        this.settings = ha;
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(ha.leaseMillis());
        this.contendIntervalNanos = Math.min(MAX_CONTEND_INTERVAL_NANOS, leaseNanos / 20);
        this.database = Database.start(DatabaseConfig.fromUrl(config.databaseUrl()));
        try {
            long begin = System.nanoTime();
            EngineRecovery.Positioned image = EngineRecovery.loadPositioned(database.jdbi(), markets);
            this.settlement = new HaSettlement(config, database.jdbi(), context.settlementListener());
            this.hook = new SwitchableCommitHook(() -> stepDown("a commit was refused: another instance leads"));
            EngineRuntime.Builder rb = EngineRuntime.builder(markets)
                    .image(image.image())
                    // The group commit writes each touched account's final state: without it the accounts table
                    // (what a late follower or a restarted instance starts from) never gets collateral or positions.
                    .captureAccounts(true)
                    .commitHook(context.instrument(hook))
                    .queueCapacity(config.engineQueueCapacity())
                    // Only the leader moves the engine's time (its advance_time commands are logged and replayed):
                    // a follower's clock never passes the next expiry.
                    .timeAdvance(config.timeAdvanceMillis(), () -> role == Role.LEADER ? EngineClock.micros()
                            : Long.MIN_VALUE)
                    .listener(settlement.groupListener());
            for (GroupListener listener : context.listeners()) {
                rb.listener(listener);
            }
            this.runtime = rb.start();
            this.follower = new LogFollower(database.jdbi(), runtime, image.lastCommandNumber(),
                    Math.min(4_096, config.engineQueueCapacity() / 2));
            this.history = new JdbcHistory(database.jdbi(), markets);
            this.accountLedger = new JdbcAccountLedger(database.jdbi());
            String node = ha.nodeId() != null ? ha.nodeId() : defaultNodeId();
            this.lease = new LeaderLease(database, node, Duration.ofMillis(ha.leaseMillis()));
            this.advertisedUrl = ha.advertisedUrl();
            this.gate = new HaGate(this);
            this.spareConnection = new SpareConnection(database);
            try {
                LeaseHolder current = lease.read();
                leaderUrl = current.expired() ? null : current.advertisedUrl();
            } catch (SQLException e) {
                LOG.warn("Could not read the lease yet: {}", e.toString());
            }
            LOG.info("HA instance {} following from command {} ({} open orders, {} ms); lease {} ms", node,
                    image.lastCommandNumber(), image.image().openOrders().size(),
                    (System.nanoTime() - begin) / 1_000_000, ha.leaseMillis());
            this.loop = new Thread(this::run, "hyperperp-ha");
            loop.setDaemon(true);
            loop.start();
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    /** Opens an HA instance's backend (a follower until it takes the lease). */
    public static HaBackend open(BackendContext context) {
        return new HaBackend(context);
    }

    /**
     * Sets the URL clients reach this instance at, if the configuration named none; only an instance with a URL
     * contends for the lease (followers redirect to it).
     */
    public void advertise(String url) {
        if (advertisedUrl == null) {
            advertisedUrl = url;
        }
    }

    /** @param action run (on a new thread) when this instance steps down */
    public void onStepDown(Runnable action) {
        this.onStepDown = action;
    }

    /** @return what this instance is doing now */
    public Role role() {
        return role;
    }

    /** @return true while this instance leads and its lease is within its length of the last renewal */
    public boolean leading() {
        return role == Role.LEADER && System.nanoTime() - lastRenewalNanos < leaseNanos;
    }

    /** @return the leader term this instance holds or last held (0 if it never led) */
    public long term() {
        return term;
    }

    /** @return where the leader is reached, or null if unknown (no live lease) */
    public String leaderUrl() {
        return leaderUrl;
    }

    /** @return this instance's advertised URL, null until known */
    public String advertisedUrl() {
        return advertisedUrl;
    }

    /** @return commands committed by the leader not yet applied here (0 on the leader) */
    public long replicationLagCommands() {
        return role == Role.LEADER ? 0 : follower.lagCommands();
    }

    /** @return milliseconds this instance has been behind the leader (0 when caught up or leading) */
    public long replicationLagMillis() {
        return role == Role.LEADER ? 0 : follower.lagMillis();
    }

    /** @return number of the last command in this instance's engine that came from the log */
    public long appliedCommandNumber() {
        return follower.applied();
    }

    /** @return the log follower (tests: where it started, how far it got) */
    LogFollower follower() {
        return follower;
    }

    private void run() {
        long nextLeaseCheck = 0;
        while (!closing && role != Role.STEPPED_DOWN) {
            try {
                long now = System.nanoTime();
                if (role == Role.FOLLOWER) {
                    spareConnection.keep();
                    follower.poll();
                    if (now - nextLeaseCheck >= 0) {
                        nextLeaseCheck = now + contendIntervalNanos;
                        settlement.follow();
                        contend();
                    }
                } else if (now - nextLeaseCheck >= 0) {
                    nextLeaseCheck = now + leaseNanos / 3;
                    renew();
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (CommandLog.LogGapException e) {
                // Behind the pruned log: what it needs is only in the tables now, so start again from them.
                stepDown(e.getMessage());
            } catch (RuntimeException | SQLException e) {
                if (role == Role.LEADER) {
                    checkLeaseAge();
                }
                LOG.warn("HA loop ({}): {}", role, e.toString());
                sleepQuietly(Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(leaseNanos) / 4));
            }
        }
    }

    /** A follower: learns who leads; takes the lease once it has expired or its holder's process has died. */
    private void contend() throws SQLException, InterruptedException {
        LeaseHolder current = lease.read();
        leaderUrl = current.expired() ? null : current.advertisedUrl();
        if (advertisedUrl == null || closing) {
            return;
        }
        long asked = System.nanoTime();
        OptionalLong taken = lease.tryAcquire(advertisedUrl);
        if (taken.isPresent()) {
            LOG.info("Took the lease (term {}) from {}: {}", taken.getAsLong(), current.holder(),
                    current.expired() ? "it had expired"
                            : "its holder's database session had ended, or it expired just now");
            takeOver(taken.getAsLong(), asked);
        }
    }

    /**
     * The lease is ours and the previous leader is fenced: replay what it committed, then commit our own groups
     * under our term and start settlement from the store.
     */
    private void takeOver(long newTerm, long leaseTakenNanos) throws InterruptedException {
        long begin = System.nanoTime();
        term = newTerm;
        lastRenewalNanos = leaseTakenNanos;
        try {
            follower.catchUp();
            long trades = runtime.query(e -> e.counters().tradeCounter()).get(60, TimeUnit.SECONDS);
            hook.lead(JdbcCommitHook.fenced(spareConnection::take, markets, newTerm));
            settlement.holdGroups();
            leaderUrl = advertisedUrl;
            role = Role.LEADER;
            LOG.info("Leader for term {} after replaying to command {} ({} ms after taking the lease)",
                    newTerm, follower.applied(), (System.nanoTime() - begin) / 1_000_000);
            if (settings.snapshotIntervalSecs() > 0) {
                snapshots = new SnapshotTask(new LogRetention(database.jdbi(), markets),
                        settings.snapshotIntervalSecs(), settings.keptSnapshots());
            }
            // Orders are taken from here on; settlement starts behind them (the listener keeps their groups).
            long settlementBegin = System.nanoTime();
            settlement.lead(trades, newTerm);
            LOG.info("Settlement resumed for term {} ({} ms)", newTerm,
                    (System.nanoTime() - settlementBegin) / 1_000_000);
            if (role != Role.LEADER) {
                settlement.stop(); // stepped down meanwhile
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RuntimeException e) {
            LOG.error("Taking over as leader for term {} failed: {}", newTerm, e.toString());
            stepDown("take-over failed");
        }
    }

    /** The leader: extends the lease; steps down when another instance took it or it expired unrenewed. */
    private void renew() {
        long asked = System.nanoTime();
        try {
            if (lease.renew(term)) {
                lastRenewalNanos = asked;
                return;
            }
            stepDown("another instance took the lease");
        } catch (SQLException e) {
            LOG.warn("Could not renew the lease: {}", e.toString());
            checkLeaseAge();
        }
    }

    private void checkLeaseAge() {
        if (System.nanoTime() - lastRenewalNanos >= leaseNanos) {
            stepDown("the lease was not renewed within its length");
        }
    }

    /**
     * Stops leading: refuses orders from now on, stops settlement without sealing anything (the next leader
     * resumes it from the store) and asks for a restart as a follower. Idempotent.
     */
    void stepDown(String reason) {
        synchronized (this) {
            if (role == Role.STEPPED_DOWN) {
                return;
            }
            role = Role.STEPPED_DOWN;
        }
        LOG.warn("Stepping down (term {}): {}", term, reason);
        Thread restart = new Thread(() -> {
            stopSnapshots();
            settlement.stop();
            onStepDown.run();
        }, "hyperperp-ha-step-down");
        restart.setDaemon(false);
        restart.start();
    }

    private void stopSnapshots() {
        SnapshotTask task = snapshots;
        if (task != null) {
            task.close();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "hyperperp";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public boolean takesCommands() {
        return leading();
    }

    @Override
    public RequestGate gate() {
        return gate;
    }

    @Override
    public EngineRuntime runtime() {
        return runtime;
    }

    @Override
    public MarketRegistry markets() {
        return markets;
    }

    @Override
    public SettlementStore settlementStore() {
        return settlement.store();
    }

    @Override
    public Optional<SettlementBatcher> batcher() {
        return settlement.batcher(role == Role.LEADER);
    }

    @Override
    public Optional<LocalSettlementLedger> ledger() {
        return settlement.ledger(role == Role.LEADER);
    }

    @Override
    public OrderHistory orders() {
        return history;
    }

    @Override
    public TradeHistory trades() {
        return history;
    }

    @Override
    public Optional<AccountLedger> accountLedger() {
        return Optional.of(accountLedger);
    }

    @Override
    public String databaseStatus() {
        return runtime.isUnavailable() && role == Role.LEADER ? "down" : "up";
    }

    @Override
    public String chainStatus() {
        return settlement.chainStatus();
    }

    /**
     * Orderly shutdown. A leader drains and commits its queue, flushes settlement and releases the lease so a
     * follower takes over at once; a follower or a stepped-down leader just stops (whatever a stepped-down
     * leader still holds was never acknowledged).
     */
    @Override
    public void close() {
        closing = true;
        loop.interrupt();
        stopSnapshots();
        try {
            loop.join(5_000);
            boolean wasLeader = role == Role.LEADER;
            if (!runtime.shutdown(wasLeader ? 60_000 : 2_000)) {
                LOG.warn("HA engine did not stop in time; closing anyway");
            }
            if (wasLeader) {
                settlement.flushAndClose();
            }
            if (wasLeader) {
                lease.release(term);
                LOG.info("Released the lease (term {})", term);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("HA shutdown: {}", e.toString());
        } finally {
            spareConnection.close();
            lease.close();
            database.close();
        }
    }
}
