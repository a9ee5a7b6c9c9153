package io.hyperperp.server.ha;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.EngineRecovery;
import io.hyperperp.jdbc.engine.LeaderTables;
import io.hyperperp.jdbc.ha.LeaderLease;
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
import io.hyperperp.server.persistence.TablesFence;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of an HA instance: an engine rebuilt from the shared PostgreSQL that follows the command log
 * ({@link LogFollower}) until this instance takes the leader lease ({@link LeaderLease}); then it replays what
 * is left, commits its own groups fenced by its term and runs settlement. It never goes back to following: a
 * leader that loses the lease, or whose commit is refused, steps down and its {@link HaServe} restarts it as a
 * follower from the database (what it processed but could not commit must not stay in its engine).
 *
 * <p>One thread, the {@link LeaseKeeper}'s HA loop, replays, takes and renews the lease and runs this backend's
 * {@link HaDuties} at each step; request threads only read volatile state.
 */
public final class HaBackend implements ExchangeBackend {

    private static final Logger LOG = LoggerFactory.getLogger(HaBackend.class);

    private final MarketRegistry markets;
    /**
     * server.shutdown_timeout_secs: how long a leader waits at shutdown for its queue to commit, and a follower for
     * its engine to finish the log it is applying (its database is closed after).
     */
    private final long shutdownTimeoutMillis;
    private final Database database;
    private final JdbcHistory history;
    private final JdbcAccountLedger accountLedger;
    private final EngineRuntime runtime;
    private final HaSettlement settlement;
    private final LogFollower follower;
    private final LeaseKeeper keeper;
    private final HaGate gate;
    private final SpareConnection spareConnection;
    /** What it does on each step of the keeper's loop, and what it holds while it leads. */
    private final HaDuties duties;

    private HaBackend(BackendContext context) {
        ServerConfig config = context.config();
        HaSettings ha = config.ha();
        this.markets = config.markets();
        this.shutdownTimeoutMillis = config.shutdownTimeoutMillis();
        this.database = Database.start(DatabaseConfig.fromUrl(config.databaseUrl()));
        try {
            long begin = System.nanoTime();
            EngineRecovery.Positioned image = EngineRecovery.loadForStart(database.jdbi(), markets);
            this.settlement = new HaSettlement(config, database.jdbi(), context.settlementListener());
            SwitchableCommitHook hook = new SwitchableCommitHook(
                    () -> stepDown("a commit was refused: another instance leads"));
            EngineRuntime.Builder rb = EngineRuntime.builder(markets)
                    .image(image.image())
                    // The group commit writes each touched account's final state: without it the accounts table
                    // (what a late follower or a restarted instance starts from) never gets collateral or positions.
                    .captureAccounts(true)
                    .commitHook(context.instrument(hook))
                    .queueCapacity(config.engineQueueCapacity())
                    .commitGather(config.commitGatherMicros())
                    // Only the leader moves the engine's time (its advance_time commands are logged and replayed):
                    // a follower's clock never passes the next expiry.
                    .timeAdvance(config.timeAdvanceMillis(), () -> leaderNow() ? EngineClock.micros()
                            : Long.MIN_VALUE)
                    .listener(settlement.groupListener());
            for (GroupListener listener : context.listeners()) {
                rb.listener(listener);
            }
            this.runtime = rb.start();
            this.follower = new LogFollower(database.jdbi(), runtime, image.lastCommandNumber(),
                    Math.min(4_096, config.engineQueueCapacity() / 2));
            this.spareConnection = new SpareConnection(database);
            this.duties = new HaDuties(config, database, runtime, hook, settlement, follower, spareConnection);
            // A leader's reads wait for its table writer; a follower's read the tables as the leader's writer left
            // them, as its engine replays the log behind the leader.
            TablesFence fence = TablesFence.waitingFor(duties::awaitTables, duties::tablesWatermark);
            this.history = new JdbcHistory(database.jdbi(), markets, fence);
            this.accountLedger = new JdbcAccountLedger(database.jdbi(), fence);
            String node = ha.nodeId() != null ? ha.nodeId() : defaultNodeId();
            this.keeper = new LeaseKeeper(new LeaderLease(database, node, Duration.ofMillis(ha.leaseMillis())),
                    ha.leaseMillis(), ha.advertisedUrl(), duties);
            duties.keeper(keeper);
            this.gate = new HaGate(this);
            LOG.info("HA instance {} following from command {} ({} open orders, {} ms); lease {} ms", node,
                    image.lastCommandNumber(), image.image().openOrders().size(),
                    (System.nanoTime() - begin) / 1_000_000, ha.leaseMillis());
            keeper.start();
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
        keeper.advertise(url);
    }

    /** @param action run (on a new thread) when this instance steps down */
    public void onStepDown(Runnable action) {
        duties.onStepDown(action);
    }

    /** @return what this instance is doing now */
    public Role role() {
        return keeper.role();
    }

    /** @return true while this instance leads and its lease is within its length of the last renewal */
    public boolean leading() {
        return keeper.leading();
    }

    /** @return the leader term this instance holds or last held (0 if it never led) */
    public long term() {
        return keeper.term();
    }

    /** @return where the leader is reached, or null if unknown (no live lease) */
    public String leaderUrl() {
        return keeper.leaderUrl();
    }

    /** @return this instance's advertised URL, null until known */
    public String advertisedUrl() {
        return keeper.advertisedUrl();
    }

    /** @return commands committed by the leader not yet applied here (0 on the leader) */
    public long replicationLagCommands() {
        return keeper.role() == Role.LEADER ? 0 : follower.lagCommands();
    }

    /** @return milliseconds this instance has been behind the leader (0 when caught up or leading) */
    public long replicationLagMillis() {
        return keeper.role() == Role.LEADER ? 0 : follower.lagMillis();
    }

    /** @return number of the last command in this instance's engine that came from the log */
    public long appliedCommandNumber() {
        return follower.applied();
    }

    /** @return the log follower (tests: where it started, how far it got) */
    LogFollower follower() {
        return follower;
    }


    /** True once this instance leads; false also while it is still being built (the clock thread asks early). */
    private boolean leaderNow() {
        LeaseKeeper k = keeper;
        return k != null && k.role() == Role.LEADER;
    }

    /** Stops leading: refuses orders from now on and asks for a restart as a follower. Idempotent. */
    void stepDown(String reason) {
        keeper.stepDown(reason);
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
    public long writesSinceMillis() {
        return duties.leadingSinceMillis();
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
        return settlement.batcher(keeper.role() == Role.LEADER);
    }

    @Override
    public Optional<LocalSettlementLedger> ledger() {
        return settlement.ledger(keeper.role() == Role.LEADER);
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
        return runtime.isUnavailable() && keeper.role() == Role.LEADER ? "down" : "up";
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
        duties.stopSnapshots();
        try {
            long begin = System.nanoTime();
            boolean wasLeader = keeper.stop();
            if (!runtime.shutdown(shutdownTimeoutMillis)) {
                LOG.warn("HA engine did not stop in time; closing anyway");
            }
            LeaderTables tables = duties.leaderTables();
            if (wasLeader && tables != null && !tables.drain(Math.max(1,
                    shutdownTimeoutMillis - (System.nanoTime() - begin) / 1_000_000))) {
                LOG.warn("The tables did not catch up with the command log within the shutdown timeout (at command"
                        + " {}); the next leader replays the rest from the log", tables.watermark());
            }
            if (wasLeader) {
                settlement.flushAndClose();
                keeper.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("HA shutdown: {}", e.toString());
        } finally {
            LeaderTables tables = duties.leaderTables();
            if (tables != null) {
                tables.close();
            }
            spareConnection.close();
            keeper.close();
            database.close();
        }
    }
}