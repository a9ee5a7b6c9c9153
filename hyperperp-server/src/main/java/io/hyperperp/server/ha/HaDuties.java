package io.hyperperp.server.ha;

import io.hyperperp.core.engine.EngineCounters;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.engine.LeaderTables;
import io.hyperperp.jdbc.engine.LogRetention;
import io.hyperperp.server.config.HaSettings;
import io.hyperperp.server.config.PersistenceSettings;
import io.hyperperp.server.config.ServerConfig;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an HA instance does as its {@link LeaseKeeper} follows, takes over and steps down (on the keeper's loop
 * thread), and what it holds while it leads: its tables, its snapshot task, when it took over. {@link HaBackend}
 * reads these for requests (through its tables fence) and at shutdown.
 */
final class HaDuties implements LeaseKeeper.Duties {

    private static final Logger LOG = LoggerFactory.getLogger(HaDuties.class);

    private final MarketRegistry markets;
    /** The longest wait for the tables' catch-up writes at the take-over ({@code server.shutdown_timeout_secs}). */
    private final long shutdownTimeoutMillis;
    private final Database database;
    private final EngineRuntime runtime;
    private final SwitchableCommitHook hook;
    private final HaSettlement settlement;
    private final LogFollower follower;
    private final SpareConnection spareConnection;
    private final HaSettings settings;
    /** How this instance writes the tables once it leads ({@code persistence.*}). */
    private final PersistenceSettings persistence;
    /** Set once, before the keeper's loop starts (the keeper is built with these duties, so after them). */
    private LeaseKeeper keeper;
    /** The leader's tables (caught up at the take-over, then written inline or behind the log); null before. */
    private volatile LeaderTables leaderTables;
    private volatile SnapshotTask snapshots;
    private volatile Runnable onStepDown = () -> { };
    /** When this instance took over as leader (wall clock), 0 before. */
    private volatile long leadingSinceMillis;

    HaDuties(ServerConfig config, Database database, EngineRuntime runtime, SwitchableCommitHook hook,
            HaSettlement settlement, LogFollower follower, SpareConnection spareConnection) {
        this.markets = config.markets();
        this.shutdownTimeoutMillis = config.shutdownTimeoutMillis();
        this.settings = config.ha();
        this.persistence = config.persistence();
        this.database = database;
        this.runtime = runtime;
        this.hook = hook;
        this.settlement = settlement;
        this.follower = follower;
        this.spareConnection = spareConnection;
    }

    /** The keeper these duties serve; set before it starts. */
    void keeper(LeaseKeeper keeper) {
        this.keeper = keeper;
    }

    /** @param action run (on a new thread) when this instance steps down */
    void onStepDown(Runnable action) {
        this.onStepDown = action;
    }

    /** @return the leader's tables, null until this instance took over */
    LeaderTables leaderTables() {
        return leaderTables;
    }

    /** @return when this instance took over as leader (wall clock), 0 before */
    long leadingSinceMillis() {
        return leadingSinceMillis;
    }

    @Override
    public void follow() throws SQLException, InterruptedException {
        spareConnection.keep();
        follower.poll();
    }

    @Override
    public void beforeContending() {
        settlement.follow();
    }

    /**
     * The lease is ours and the previous leader is fenced: replay what it committed, then commit our own
     * groups under our term and start settlement from the store.
     */
    @Override
    public void takeOver(long newTerm) throws InterruptedException {
        long begin = System.nanoTime();
        try {
            follower.catchUp();
            EngineCounters counters = runtime.query(e -> e.counters()).get(60, TimeUnit.SECONDS);
            long trades = counters.tradeCounter();
            // As a start does: the tables the previous leader left behind the log are caught up before any
            // group of this term is committed.
            LeaderTables tables = LeaderTables.takeOver(database, spareConnection::take, markets,
                    persistence.tables(), newTerm, follower.applied(), counters,
                    persistence.tablesBatchMillis(), shutdownTimeoutMillis);
            leaderTables = tables;
            hook.lead(tables.hook());
            settlement.holdGroups();
            leadingSinceMillis = System.currentTimeMillis();
            keeper.lead();
            LOG.info("Leader for term {} after replaying to command {} ({} ms after taking the lease)",
                    newTerm, follower.applied(), (System.nanoTime() - begin) / 1_000_000);
            if (settings.snapshotIntervalSecs() > 0) {
                snapshots = new SnapshotTask(new LogRetention(database.jdbi(), markets),
                        settings.snapshotIntervalSecs(), settings.keptSnapshots());
            }
            // Orders are taken from here on; settlement starts behind them (the listener keeps their groups).
            long settlementBegin = System.nanoTime();
            settlement.lead(trades, newTerm, tables.tradesInTables());
            LOG.info("Settlement resumed for term {} ({} ms)", newTerm,
                    (System.nanoTime() - settlementBegin) / 1_000_000);
            if (keeper.role() != Role.LEADER) {
                settlement.stop(); // stepped down meanwhile
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RuntimeException e) {
            LOG.error("Taking over as leader for term {} failed: {}", newTerm, e.toString());
            keeper.stepDown("take-over failed");
        }
    }

    /** Stops settlement without sealing anything (the next leader resumes it from the store); restarts. */
    @Override
    public void steppedDown() {
        stopSnapshots();
        settlement.stop();
        onStepDown.run();
    }

    /** A leader's reads wait for its tables; a follower's do not wait. */
    boolean awaitTables(long timeoutMillis) throws InterruptedException {
        LeaderTables tables = leaderTables;
        return tables == null || tables.awaitTables(timeoutMillis);
    }

    long tablesWatermark() {
        LeaderTables tables = leaderTables;
        return tables == null ? follower.applied() : tables.watermark();
    }

    void stopSnapshots() {
        SnapshotTask task = snapshots;
        if (task != null) {
            task.close();
        }
    }
}
