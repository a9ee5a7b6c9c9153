package io.hyperperp.server.backend;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.InMemorySettlementStore;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementHandOver;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.server.config.ServerConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend without persistence: engine runtime with {@link InMemoryHistory} as commit hook,
 * in-memory settlement store, local settlement ledger as the sink. Nothing survives a restart.
 */
public final class InMemoryBackend implements ExchangeBackend {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryBackend.class);
    /** Fills wait at most this long for the settlement thread, which then takes them in one go, not per order. */
    private static final long SETTLEMENT_HAND_OVER_MILLIS = 5;

    private final MarketRegistry markets;
    private final InMemoryHistory history;
    private final InMemorySettlementStore store;
    private final LocalSettlementLedger ledger;
    private final ExecutorSettlementScheduler scheduler;
    private final SettlementBatcher batcher;
    private final SettlementHandOver handOver;
    private final EngineRuntime runtime;

    private InMemoryBackend(BackendContext context) {
        ServerConfig config = context.config();
        this.markets = config.markets();
        this.history = new InMemoryHistory(config.historyOrders(), config.historyTrades());
        // Settled batches are kept for about as many fills as the history keeps trades: not every fill ever made.
        this.store = new InMemorySettlementStore(config.historyTrades());
        this.ledger = new LocalSettlementLedger(markets);
        this.scheduler = new ExecutorSettlementScheduler();
        this.batcher = new SettlementBatcher(config.settlement(), markets, store, ledger, scheduler, null,
                context.settlementListener());
        batcher.start();
        this.handOver = new SettlementHandOver(batcher, scheduler, SETTLEMENT_HAND_OVER_MILLIS);
        EngineRuntime.Builder builder = EngineRuntime.builder(markets)
                .queueCapacity(config.engineQueueCapacity())
                // The history and the listeners only update memory: a commit thread would be one more hand-off per
                // order, and a request that finds the engine free may as well run its order itself.
                .inlineCommit(true)
                .callerRuns(true)
                .timeAdvance(config.timeAdvanceMillis(), EngineClock::micros)
                .commitHook(context.instrument(history))
                .listener(handOver);
        for (GroupListener listener : context.listeners()) {
            builder.listener(listener);
        }
        this.runtime = builder.start();
    }

    /** Opens an in-memory backend. */
    public static ExchangeBackend open(BackendContext context) {
        return new InMemoryBackend(context);
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
        return store;
    }

    @Override
    public Optional<SettlementBatcher> batcher() {
        return Optional.of(batcher);
    }

    @Override
    public Optional<LocalSettlementLedger> ledger() {
        return Optional.of(ledger);
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
    public void close() {
        try {
            if (!runtime.shutdown(30_000)) {
                LOG.warn("engine did not drain within 30 s");
            }
            handOver.flush();
            scheduler.shutdown(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("backend shutdown: {}", e.toString());
        }
    }
}
