package io.hyperperp.server.ha;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementListener;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.persistence.SettlementSetup;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Settlement of an HA instance: it runs on the leader only. A follower reads the store and mirrors the local
 * ledger ({@link FollowerLedger}); taking over starts a batcher over a store fenced by the new term; stepping down
 * stops it without sealing anything, leaving what is unsettled in the store for the next leader.
 */
final class HaSettlement {

    private final ServerConfig config;
    private final Jdbi jdbi;
    private final SettlementListener listener;
    private final SwitchableListener batcherListener = new SwitchableListener();
    private final FollowerLedger followerLedger;
    private volatile JdbcSettlementStore store;
    private volatile SettlementSetup setup;

    HaSettlement(ServerConfig config, Jdbi jdbi, SettlementListener listener) {
        this.config = config;
        this.jdbi = jdbi;
        this.listener = listener;
        this.store = new JdbcSettlementStore(jdbi);
        this.followerLedger = config.aptos().containsKey("node_url") ? null : new FollowerLedger(config.markets());
    }

    /** @return the group listener to give the engine runtime (the batcher, once there is one) */
    GroupListener groupListener() {
        return batcherListener;
    }

    /** A follower: applies the batches the leader confirmed since the last call to the mirrored ledger. */
    void follow() {
        if (followerLedger != null) {
            followerLedger.refresh(store);
        }
    }

    /** Taking over, before the first order: keep committed groups for the batcher that starts behind them. */
    void holdGroups() {
        batcherListener.hold();
    }

    /**
     * Starts the batcher: it resumes unfinished batches and the trades up to {@code trades} from the store, then
     * takes the groups kept since {@link #holdGroups()} and every later one.
     *
     * @param trades the trade counter when the instance took over
     * @param term   the leader term: the store's writes are fenced by it
     * @param tradesInTables the last trade the tables hold when they are written behind the log, else null
     */
    void lead(long trades, long term, java.util.function.LongSupplier tradesInTables) {
        JdbcSettlementStore fenced = new JdbcSettlementStore(jdbi, trades, term);
        if (tradesInTables != null) {
            fenced.advanceMarksBehindTables(tradesInTables);
        }
        SettlementSetup started = new SettlementSetup(config);
        setup = started;
        batcherListener.set(started.startBatcher(fenced, listener));
        store = fenced;
    }

    /** Stepping down: no more groups to the batcher, which stops without sealing anything. */
    void stop() {
        batcherListener.set(null);
        SettlementSetup s = setup;
        if (s != null) {
            s.close();
        }
    }

    /** Orderly shutdown of a leader: seal and hand over open batches. */
    void flushAndClose() {
        SettlementSetup s = setup;
        if (s != null) {
            s.flushAndClose();
        }
    }

    JdbcSettlementStore store() {
        return store;
    }

    Optional<SettlementBatcher> batcher(boolean leading) {
        SettlementSetup s = setup;
        return s == null || !leading ? Optional.empty() : s.batcher();
    }

    Optional<LocalSettlementLedger> ledger(boolean leading) {
        SettlementSetup s = setup;
        if (s != null && leading) {
            return s.ledger();
        }
        return followerLedger == null ? Optional.empty() : Optional.of(followerLedger.ledger());
    }

    String chainStatus() {
        SettlementSetup s = setup;
        return s == null ? "follower" : s.chainStatus();
    }
}
