package io.hyperperp.server.persistence;

import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.aptos.settlement.AptosSettlementSink;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.server.config.ServerConfig;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settlement of a persistent backend: the sink (Aptos when {@code aptos.node_url} is set, else the local
 * ledger), its scheduler, and the batcher started over a store. The persistent backend starts it with the
 * engine; an HA instance starts one each time it becomes the leader.
 */
public final class SettlementSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementSetup.class);

    private final ServerConfig config;
    private final ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
    private final LocalSettlementLedger ledger;
    private final AptosSettlementSink aptos;
    private SettlementBatcher batcher;

    /** Opens the sink the configuration asks for. */
    public SettlementSetup(ServerConfig config) {
        this.config = config;
        this.aptos = config.aptos().containsKey("node_url") ? AptosSettlementSink.open(aptosSettings(config)) : null;
        this.ledger = aptos == null ? new LocalSettlementLedger(config.markets()) : null;
    }

    /**
     * Builds and starts the batcher over {@code store}: it resumes unfinished batches and unbatched trades from
     * the store. The local ledger, which lives in memory, is first rebuilt from the batches confirmed before.
     */
    public SettlementBatcher startBatcher(SettlementStore store, SettlementListener listener) {
        SettlementSink sink = aptos != null ? aptos : ledger;
        SettlementBatcher b = new SettlementBatcher(config.settlement(), config.markets(), store, sink, scheduler,
                null, listener);
        if (ledger != null) {
            store.list(BatchStatus.CONFIRMED, Integer.MAX_VALUE).stream()
                    .sorted(Comparator.comparingLong(SettlementBatch::batchId))
                    .forEach(ledger::apply);
        }
        b.start();
        this.batcher = b;
        return b;
    }

    /** @return the started batcher, if any */
    public Optional<SettlementBatcher> batcher() {
        return Optional.ofNullable(batcher);
    }

    /** @return the local ledger, when settlement is local */
    public Optional<LocalSettlementLedger> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** @return the Aptos sink, when settlement runs on chain */
    public Optional<AptosSettlementSink> aptos() {
        return Optional.ofNullable(aptos);
    }

    /** @return "aptos" or "local" */
    public String chainStatus() {
        return aptos != null ? "aptos" : "local";
    }

    /** Seals and hands over open batches, then lets queued settlement work finish (orderly shutdown). */
    public void flushAndClose() {
        try {
            if (batcher != null) {
                batcher.flush();
            }
            scheduler.shutdown(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("settlement shutdown: {}", e.toString());
        } finally {
            close();
        }
    }

    /**
     * Stops at once without sealing anything (a leader that lost its lease): what is unsettled stays in the
     * store for the next leader's batcher.
     */
    @Override
    public void close() {
        if (batcher != null) {
            batcher.stop();
        }
        scheduler.close();
        if (aptos != null) {
            aptos.close();
        }
    }

    private static AptosSettings aptosSettings(ServerConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        config.aptos().forEach((key, value) -> env.put("HYPERPERP_APTOS__" + key.toUpperCase(Locale.ROOT), value));
        return AptosSettings.fromEnv(env);
    }
}
