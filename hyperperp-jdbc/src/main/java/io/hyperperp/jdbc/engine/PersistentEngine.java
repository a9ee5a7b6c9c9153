package io.hyperperp.jdbc.engine;

import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable engine, ready to take commands: opens the database (embedded or external, migrating it), rebuilds
 * the engine from it ({@link EngineRecovery}), and starts an {@link EngineRuntime} whose commit hook
 * ({@link JdbcCommitHook}) makes every group durable before its commands are acknowledged.
 *
 * <pre>{@code
 * try (PersistentEngine engine = PersistentEngine.builder(DatabaseConfig.fromUrl(url), markets)
 *         .listenerFactory(store -> startedBatcher(store))   // e.g. a SettlementBatcher over the JDBC store
 *         .start()) {
 *     engine.runtime().submit(command);                          // completes after the commit
 * }
 * }</pre>
 *
 * <p>By default ({@link Builder#tables(TablesMode) tables(BEHIND)}) the commit writes the command log only and a
 * {@link TableWriter} writes the state tables after it; a start first replays the log past the tables into them
 * ({@link TablesCatchUp}), and {@link #awaitTables} lets a read wait for them. {@code tables(INLINE)} writes them
 * in the commit's transaction.
 *
 * <p>While PostgreSQL is unreachable the runtime keeps retrying the group in hand (answering UNAVAILABLE to new
 * commands, keeping queued ones) and resumes by itself when the database is back. {@link #close()} drains the
 * queue, commits it, closes the pool and stops an embedded server.
 */
public final class PersistentEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentEngine.class);

    private final Database database;
    private final JdbcSettlementStore settlementStore;
    private final JdbcCommitHook commitHook;
    /** Writes the tables behind the log ({@link TablesMode#BEHIND}), else null. */
    private final TableWriter tableWriter;
    private final EngineImage recoveredImage;
    private final EngineRuntime runtime;
    private final long shutdownTimeoutMillis;

    private PersistentEngine(Builder b) {
        Database db = Database.start(b.config);
        TableWriter tables = null;
        try {
            long begin = System.nanoTime();
            EngineRecovery.TablesAtStart start = EngineRecovery.loadTablesForStart(db.jdbi(), b.markets);
            long watermark = start.tables().lastCommandNumber();
            if (b.tables == TablesMode.BEHIND) {
                if (!start.writtenBehind()) {
                    ReadModelWatermark.startBehind(db.jdbi(), watermark);
                }
                tables = new TableWriter(db::openDirectConnection, b.markets, JdbcCommitHook.NO_FENCING, watermark,
                        b.tableWriter, b.threadName + "-tables");
                this.recoveredImage = caughtUp(db, b, start, tables);
                this.commitHook = JdbcCommitHook.behind(db::openDirectConnection, b.markets,
                        JdbcCommitHook.NO_FENCING, tables);
            } else {
                if (start.writtenBehind()) {
                    // Back to inline: the tables catch up with the log first, then the watermark is cleared.
                    try (TableWriter catchUp = new TableWriter(db::openDirectConnection, b.markets,
                            JdbcCommitHook.NO_FENCING, watermark, b.tableWriter, b.threadName + "-tables")) {
                        this.recoveredImage = caughtUp(db, b, start, catchUp);
                    }
                    ReadModelWatermark.endBehind(db.jdbi(), start.logEnd());
                } else {
                    this.recoveredImage = start.tables().image();
                }
                this.commitHook = JdbcCommitHook.on(db, b.markets);
            }
            this.tableWriter = tables;
            LOG.info("Recovered engine: {} open orders, {} positions, {} markets, last sequence {} in {} ms",
                    recoveredImage.openOrders().size(), recoveredImage.positions().size(),
                    recoveredImage.markets().size(), recoveredImage.counters().sequence(),
                    (System.nanoTime() - begin) / 1_000_000);
            // Trades up to the recovered counter are resumed from the store, later ones arrive as committed groups.
            this.settlementStore = new JdbcSettlementStore(db.dataSource(), recoveredImage.counters().tradeCounter());
            if (tables != null) {
                // A batch's mark advance reads trades: it waits until the table writer has written them.
                long tradesAtStart = recoveredImage.counters().tradeCounter();
                TableWriter writer = tables;
                settlementStore.advanceMarksBehindTables(() -> Math.max(tradesAtStart, writer.tradesWritten()));
            }
            EngineRuntime.Builder rb = EngineRuntime.builder(b.markets)
                    .image(recoveredImage)
                    .captureAccounts(true)
                    .commitHook(b.commitHookWrapper.apply(commitHook))
                    .queueCapacity(b.queueCapacity)
                    .timeAdvance(b.timeAdvanceMillis, b.clockMicros)
                    .maxGroupSize(b.maxGroupSize)
                    .commitRetry(b.retryInitialMillis, b.retryMaxMillis)
                    .commitGather(b.commitGatherMicros)
                    .threadName(b.threadName);
            for (GroupListener listener : b.listeners) {
                rb.listener(listener);
            }
            for (Function<JdbcSettlementStore, GroupListener> factory : b.listenerFactories) {
                rb.listener(factory.apply(settlementStore));
            }
            this.runtime = rb.start();
        } catch (RuntimeException | Error e) {
            if (tables != null) {
                tables.close();
            }
            db.close();
            throw e;
        }
        this.database = db;
        this.shutdownTimeoutMillis = b.shutdownTimeoutMillis;
    }

    /**
     * The engine's image once the tables hold the whole log: the tables' own when they are at its end, else the
     * one the log's groups past the watermark replay to (their rows written by {@code writer}); the settlement
     * tables are checked once the trades they refer to are in.
     */
    private static EngineImage caughtUp(Database db, Builder b, EngineRecovery.TablesAtStart start,
                                        TableWriter writer) {
        EngineImage image = TablesCatchUp.run(db.jdbi(), b.markets, start.tables().image(),
                start.tables().lastCommandNumber(), start.logEnd(), writer, b.shutdownTimeoutMillis);
        if (start.writtenBehind()) {
            EngineRecovery.requireSettlementSound(db.jdbi());
        }
        return image;
    }

    /**
     * @param config  where the database is ({@link DatabaseConfig#fromUrl(String)} for HYPERPERP_DATABASE_URL)
     * @param markets the market registry (the same one the API uses to parse decimals)
     * @return a builder with the runtime's defaults
     */
    public static Builder builder(DatabaseConfig config, MarketRegistry markets) {
        return new Builder(config, markets);
    }

    /** @return the running engine: submit commands and queries here */
    public EngineRuntime runtime() {
        return runtime;
    }

    /** @return Jdbi over the pool, for read queries (orders, trades, positions) */
    public Jdbi jdbi() {
        return database.jdbi();
    }

    /** @return the database (pool, migration outcome) */
    public Database database() {
        return database;
    }

    /** @return the settlement store over the same database */
    public JdbcSettlementStore settlementStore() {
        return settlementStore;
    }

    /** @return the commit hook, for its {@link JdbcCommitHook#stats()} */
    public JdbcCommitHook commitHook() {
        return commitHook;
    }

    /** @return when the state tables are written */
    public TablesMode tablesMode() {
        return tableWriter == null ? TablesMode.INLINE : TablesMode.BEHIND;
    }

    /**
     * Waits until the state tables hold every command committed so far (at once when they are written inline),
     * so that a read of them that follows sees the writes its client was acknowledged.
     *
     * @return false if they did not within {@code timeoutMillis}
     */
    public boolean awaitTables(long timeoutMillis) throws InterruptedException {
        return tableWriter == null || tableWriter.awaitWatermark(commitHook.lastCommitted(), timeoutMillis);
    }

    /** @return the last command the state tables hold (the last committed one when they are written inline) */
    public long tablesWatermark() {
        return tableWriter == null ? commitHook.lastCommitted() : tableWriter.watermark();
    }

    /** @return the table writer behind the log, or null when the tables are written inline */
    TableWriter tableWriter() {
        return tableWriter;
    }

    /** @return the image the engine started from */
    public EngineImage recoveredImage() {
        return recoveredImage;
    }

    /**
     * Stops taking commands, processes and commits everything queued, then closes the writer connection and the
     * database. If the queue cannot be committed within the shutdown timeout (database down), the remaining
     * commands were never acknowledged and are lost with the process, which is what their callers were told.
     */
    @Override
    public void close() {
        try {
            drain();
        } finally {
            commitHook.close();
            if (tableWriter != null) {
                tableWriter.close();
            }
            database.close();
        }
    }

    /**
     * Stops taking commands and processes and commits everything queued, leaving the database open, so that
     * what runs after the engine (settlement sealing its last batch) can still write before {@link #close()}.
     *
     * @return false if the queue could not be committed within the shutdown timeout
     */
    public boolean drain() {
        try {
            long begin = System.nanoTime();
            if (!runtime.shutdown(shutdownTimeoutMillis)) {
                LOG.warn("Engine did not drain within {} ms (is the database down?); closing anyway",
                        shutdownTimeoutMillis);
                return false;
            }
            if (tableWriter != null) {
                long left = Math.max(1, shutdownTimeoutMillis - (System.nanoTime() - begin) / 1_000_000);
                if (!tableWriter.drain(left)) {
                    LOG.warn("The tables did not catch up with the command log within the shutdown timeout (at"
                            + " command {} of {}); the next start replays the rest from the log",
                            tableWriter.watermark(), tableWriter.enqueued());
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Configures a {@link PersistentEngine}. */
    public static final class Builder {
        private final DatabaseConfig config;
        private final MarketRegistry markets;
        private int queueCapacity = 65_536;
        private long timeAdvanceMillis;
        private LongSupplier clockMicros = () -> 0;
        private int maxGroupSize = 4_096;
        private long retryInitialMillis = 10;
        private long retryMaxMillis = 1_000;
        private long commitGatherMicros = EngineRuntime.DEFAULT_COMMIT_GATHER_MICROS;
        private long shutdownTimeoutMillis = 60_000;
        private String threadName = "hyperperp-engine";
        /** Behind the log by default: about half of inline's PostgreSQL CPU per order (docs/persistence.md). */
        private TablesMode tables = TablesMode.BEHIND;
        private TableWriter.Settings tableWriter = TableWriter.Settings.DEFAULTS;
        private final List<GroupListener> listeners = new ArrayList<>();
        private java.util.function.UnaryOperator<io.hyperperp.core.runtime.CommitHook> commitHookWrapper =
                java.util.function.UnaryOperator.identity();
        private final List<Function<JdbcSettlementStore, GroupListener>> listenerFactories = new ArrayList<>();

        private Builder(DatabaseConfig config, MarketRegistry markets) {
            this.config = Objects.requireNonNull(config, "config");
            this.markets = Objects.requireNonNull(markets, "markets");
        }

        /** See {@link EngineRuntime.Builder#timeAdvance}: expire due orders on an idle engine (default never). */
        public Builder timeAdvance(long resolutionMillis, LongSupplier clock) {
            this.timeAdvanceMillis = resolutionMillis;
            this.clockMicros = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Bound of the command queue (default 65,536); a full queue answers OVERLOADED. */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /** Most commands per group commit, i.e. per transaction (default 4,096). */
        public Builder maxGroupSize(int value) {
            this.maxGroupSize = value;
            return this;
        }

        /** Back-off of commit retries while the database is failing (default 10 ms doubling to 1 s). */
        public Builder commitRetry(long initialMillis, long maxMillis) {
            this.retryInitialMillis = initialMillis;
            this.retryMaxMillis = maxMillis;
            this.tableWriter = new TableWriter.Settings(tableWriter.maxGroups(), tableWriter.batchMillis(),
                    tableWriter.queueGroups(), initialMillis, maxMillis);
            return this;
        }

        /**
         * Longest wait of the commit thread for the clients its last commit answered (default 2 ms, 0 = never
         * wait; {@link EngineRuntime.Builder#commitGather}).
         */
        public Builder commitGatherMicros(long value) {
            this.commitGatherMicros = value;
            return this;
        }

        /** How long {@link PersistentEngine#close()} waits for the queue to drain (default 60 s). */
        public Builder shutdownTimeoutMillis(long value) {
            this.shutdownTimeoutMillis = value;
            return this;
        }

        /**
         * When the state tables are written (default {@link TablesMode#BEHIND}: the group commit writes the command
         * log only and a table writer commits the tables after it; a read of the tables that must see an
         * acknowledged command first waits with {@link PersistentEngine#awaitTables}). {@link TablesMode#INLINE}
         * writes them in the group commit's transaction.
         */
        public Builder tables(TablesMode value) {
            this.tables = Objects.requireNonNull(value, "tables");
            return this;
        }

        /**
         * Batches of the table writer behind the log (default 1,000 groups or 100 ms after the first, a queue of
         * 4,096 groups).
         */
        public Builder tableBatches(int maxGroups, long batchMillis, int queueGroups) {
            this.tableWriter = new TableWriter.Settings(maxGroups, batchMillis, queueGroups,
                    tableWriter.retryInitialMillis(), tableWriter.retryMaxMillis());
            return this;
        }

        /** Name of the engine thread. */
        public Builder threadName(String value) {
            this.threadName = Objects.requireNonNull(value);
            return this;
        }

        /** Adds a listener for committed groups (market data streams, ...). */
        public Builder listener(GroupListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Adds a listener built once the database is open, from the settlement store (e.g. a started
         * {@code SettlementBatcher}). Called before the engine takes its first command.
         */
        public Builder listenerFactory(Function<JdbcSettlementStore, GroupListener> value) {
            this.listenerFactories.add(Objects.requireNonNull(value, "listenerFactory"));
            return this;
        }

        /** Wraps the JDBC commit hook (e.g. to time it); the wrapper must call the hook it is given. */
        public Builder commitHookWrapper(java.util.function.UnaryOperator<io.hyperperp.core.runtime.CommitHook> value) {
            this.commitHookWrapper = Objects.requireNonNull(value, "commitHookWrapper");
            return this;
        }

        /** Opens the database, recovers and starts the engine. */
        public PersistentEngine start() {
            return new PersistentEngine(this);
        }
    }
}
