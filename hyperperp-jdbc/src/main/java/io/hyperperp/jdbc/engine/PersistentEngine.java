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
 * <p>While PostgreSQL is unreachable the runtime keeps retrying the group in hand (answering UNAVAILABLE to new
 * commands, keeping queued ones) and resumes by itself when the database is back. {@link #close()} drains the
 * queue, commits it, closes the pool and stops an embedded server.
 */
public final class PersistentEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentEngine.class);

    private final Database database;
    private final JdbcSettlementStore settlementStore;
    private final JdbcCommitHook commitHook;
    private final EngineImage recoveredImage;
    private final EngineRuntime runtime;
    private final long shutdownTimeoutMillis;

    private PersistentEngine(Builder b) {
        Database db = Database.start(b.config);
        try {
            long begin = System.nanoTime();
            this.recoveredImage = EngineRecovery.loadForStart(db.jdbi(), b.markets).image();
            LOG.info("Recovered engine: {} open orders, {} positions, {} markets, last sequence {} in {} ms",
                    recoveredImage.openOrders().size(), recoveredImage.positions().size(),
                    recoveredImage.markets().size(), recoveredImage.counters().sequence(),
                    (System.nanoTime() - begin) / 1_000_000);
            // Trades up to the recovered counter are resumed from the store, later ones arrive as committed groups.
            this.settlementStore = new JdbcSettlementStore(db.dataSource(), recoveredImage.counters().tradeCounter());
            this.commitHook = JdbcCommitHook.on(db, b.markets);
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
            db.close();
            throw e;
        }
        this.database = db;
        this.shutdownTimeoutMillis = b.shutdownTimeoutMillis;
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
            if (!runtime.shutdown(shutdownTimeoutMillis)) {
                LOG.warn("Engine did not drain within {} ms (is the database down?); closing anyway",
                        shutdownTimeoutMillis);
                return false;
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
