package io.hyperperp.server.persistence;

import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.aptos.settlement.AptosSettlementSink;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.PersistentEngine;
import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

    private final MarketRegistry markets;
    private final PersistentEngine engine;
    private final JdbcHistory history;
    private final ExecutorSettlementScheduler scheduler;
    private final SettlementBatcher batcher;
    private final LocalSettlementLedger ledger;
    private final AptosSettlementSink aptos;

    private JdbcBackend(BackendContext context, DatabaseConfig database) {
        ServerConfig config = context.config();
        this.markets = config.markets();
        this.scheduler = new ExecutorSettlementScheduler();
        this.aptos = config.aptos().containsKey("node_url") ? AptosSettlementSink.open(aptosSettings(config)) : null;
        this.ledger = aptos == null ? new LocalSettlementLedger(markets) : null;
        SettlementSink sink = aptos != null ? aptos : ledger;
        AtomicReference<SettlementBatcher> started = new AtomicReference<>();
        PersistentEngine.Builder builder = PersistentEngine.builder(database, markets)
                .queueCapacity(config.engineQueueCapacity())
                .timeAdvance(config.timeAdvanceMillis(), EngineClock::micros)
                .commitHookWrapper(context::instrument)
                .listenerFactory(store -> {
                    SettlementBatcher b = new SettlementBatcher(config.settlement(), markets, store, sink, scheduler,
                            null, context.settlementListener());
                    if (ledger != null) {
                        // The local ledger lives in memory: rebuild it from the batches confirmed before.
                        store.list(io.hyperperp.core.settlement.BatchStatus.CONFIRMED, Integer.MAX_VALUE).stream()
                                .sorted(java.util.Comparator.comparingLong(
                                        io.hyperperp.core.settlement.SettlementBatch::batchId))
                                .forEach(ledger::apply);
                    }
                    b.start();
                    started.set(b);
                    return b;
                });
        for (GroupListener listener : context.listeners()) {
            builder.listenerFactory(store -> listener);
        }
        try {
            this.engine = builder.start();
        } catch (RuntimeException e) {
            scheduler.close();
            if (aptos != null) {
                aptos.close();
            }
            throw e;
        }
        this.batcher = started.get();
        this.history = new JdbcHistory(engine.jdbi(), markets);
        LOG.info("persistent backend on {} ({} open orders recovered, settlement {})", database.describe(),
                engine.recoveredImage().openOrders().size(), aptos != null ? "on Aptos" : "in the local ledger");
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

    private static AptosSettings aptosSettings(ServerConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        config.aptos().forEach((key, value) -> env.put("HYPERPERP_APTOS__" + key.toUpperCase(Locale.ROOT), value));
        return AptosSettings.fromEnv(env);
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
        return Optional.ofNullable(batcher);
    }

    @Override
    public Optional<LocalSettlementLedger> ledger() {
        return Optional.ofNullable(ledger);
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
        return aptos != null ? "aptos" : "local";
    }

    @Override
    public void close() {
        try {
            engine.close();
            if (batcher != null) {
                batcher.flush();
            }
            scheduler.shutdown(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("backend shutdown: {}", e.toString());
        } finally {
            if (aptos != null) {
                aptos.close();
            }
        }
    }
}
