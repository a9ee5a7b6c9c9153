package io.hyperperp.server.persistence;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.PersistentEngine;
import io.hyperperp.jdbc.engine.TablesMode;
import io.hyperperp.server.backend.AccountLedger;
import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent backend: PostgreSQL (external when {@code database.url} is set, else embedded in
 * {@code <data_dir>/postgres}), the engine recovered from it with a group-commit hook, the JDBC
 * settlement store, and settlement on Aptos when {@code aptos.node_url} is set, else the local
 * ledger.
 */
public final class JdbcBackend implements ExchangeBackend {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);
    /** Behind the log: most groups the table writer folds into one transaction. */
    private static final int TABLE_BATCH_GROUPS = 1_000;
    /** Behind the log: groups queued for the table writer before the group commit waits for it. */
    private static final int TABLE_QUEUE_GROUPS = 4_096;

    private final MarketRegistry markets;
    private final PersistentEngine engine;
    private final JdbcHistory history;
    private final JdbcAccountLedger accountLedger;
    private final SettlementSetup settlement;
    /** What reads of the state tables wait for (the table writer, when they are written behind the log). */
    private final TablesFence fence;

    private JdbcBackend(BackendContext context, DatabaseConfig database) {
        ServerConfig config = context.config();
        this.markets = config.markets();
        this.settlement = new SettlementSetup(config);
        PersistentEngine.Builder builder = PersistentEngine.builder(database, markets)
                .queueCapacity(config.engineQueueCapacity())
                .commitGatherMicros(config.commitGatherMicros())
                .shutdownTimeoutMillis(config.shutdownTimeoutMillis())
                .timeAdvance(config.timeAdvanceMillis(), EngineClock::micros)
                .tables(config.persistence().tables())
                .tableBatches(TABLE_BATCH_GROUPS, config.persistence().tablesBatchMillis(), TABLE_QUEUE_GROUPS)
                .commitHookWrapper(context::instrument)
                .listenerFactory(store -> settlement.startBatcher(store, context.settlementListener()));
        for (GroupListener listener : context.listeners()) {
            builder.listenerFactory(store -> listener);
        }
        try {
            this.engine = builder.start();
        } catch (RuntimeException e) {
            settlement.close();
            throw e;
        }
        this.fence = engine.tablesMode() == TablesMode.BEHIND ? TablesFence.of(engine) : TablesFence.NONE;
        this.history = new JdbcHistory(engine.jdbi(), markets, fence);
        this.accountLedger = new JdbcAccountLedger(engine.jdbi(), fence);
        LOG.info("persistent backend on {} ({} open orders recovered, tables {}, settlement {})",
                database.describe(), engine.recoveredImage().openOrders().size(), engine.tablesMode().wireName(),
                settlement.ledger().isPresent() ? "in the local ledger" : "on Aptos");
    }

    /** Opens the backend the configuration asks for. */
    public static ExchangeBackend open(BackendContext context) {
        ServerConfig config = context.config();
        DatabaseConfig database = config.databaseUrl() != null ? DatabaseConfig.fromUrl(config.databaseUrl())
                : DatabaseConfig.embedded(dataDir(config).resolve("postgres"));
        return new JdbcBackend(context, database);
    }

    private static Path dataDir(ServerConfig config) {
        return config.dataDir() != null ? config.dataDir() : Path.of("hyperperp-data");
    }

    @Override
    public void expectCloseAtExit(java.time.Duration grace) {
        engine.database().expectCloseAtExit(grace);
    }

    @Override
    public io.hyperperp.server.collateral.CollateralStore collateralStore() {
        return new JdbcCollateralStore(engine.jdbi(), markets.collateralDecimals(), fence);
    }

    @Override
    public Optional<io.hyperperp.aptos.settlement.AptosSettlementSink> chainSink() {
        return settlement.aptos();
    }

    @Override
    public Optional<javax.sql.DataSource> dataSource() {
        return Optional.of(engine.database().dataSource());
    }

    @Override
    public EngineRuntime runtime() {
        return engine.runtime();
    }

    @Override
    public MarketRegistry markets() {
        return markets;
    }

    @Override
    public SettlementStore settlementStore() {
        return engine.settlementStore();
    }

    @Override
    public Optional<SettlementBatcher> batcher() {
        return settlement.batcher();
    }

    @Override
    public Optional<LocalSettlementLedger> ledger() {
        return settlement.ledger();
    }

    @Override
    public Optional<AccountLedger> accountLedger() {
        return Optional.of(accountLedger);
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
    public String databaseStatus() {
        return engine.runtime().isUnavailable() ? "down" : "up";
    }

    @Override
    public String chainStatus() {
        return settlement.chainStatus();
    }

    @Override
    public void close() {
        // Settlement seals and stores its last batch while the database is still open.
        try {
            engine.drain();
        } catch (RuntimeException e) {
            LOG.warn("backend shutdown: {}", e.toString());
        } finally {
            try {
                settlement.flushAndClose();
            } finally {
                engine.close();
            }
        }
    }
}
