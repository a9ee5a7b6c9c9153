package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.numeric.Decimals;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts in PostgreSQL: a seeded stream of deposits, withdrawals, leverage changes, trades, mark
 * moves that liquidate, and funding on a margined market, run through a persistent engine with a
 * restart halfway. The recovered image (accounts, positions with entry cost, deposit ids, net
 * deposits) equals the in-memory engine's at the restart and at the end, and every account's
 * ledger entries sum to its collateral. Set {@code -Dhyperperp.seed=} to reproduce a failure.
 */
@ExtendWith(FreshDatabase.class)
class AccountsRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(AccountsRecoveryIT.class);
    private static final int N = 6_000;

    @Test
    void recoveryFromPostgresEqualsReplay(DatabaseConfig config) throws Exception {
        long seed = Long.getLong("hyperperp.seed", System.nanoTime());
        LOG.info("Accounts recovery with seed {} (reproduce with -Dhyperperp.seed={})", seed, seed);
        List<Command> commands = new MarginCommandStream(seed, 1_700_000_000_000_000L).take(N);
        Replay.Reference reference = new Replay.Reference();
        EngineImage halfway = null;
        for (int i = 0; i < N; i++) {
            if (i == N / 2) {
                halfway = reference.engine.image();
            }
            reference.process(commands.get(i));
        }
        Map<RiskEvent.Kind, Long> kinds = reference.events.stream()
                .filter(e -> e instanceof EngineEvent.Risk)
                .collect(Collectors.groupingBy(e -> ((EngineEvent.Risk) e).event().kind(), Collectors.counting()));
        LOG.info("seed {}: {} trades, risk events {}", seed, reference.engine.counters().tradeCounter(), kinds);
        assertThat(kinds).as("seed %d: the stream deposits, withdraws, charges funding and liquidates", seed)
                .containsKeys(RiskEvent.Kind.DEPOSIT, RiskEvent.Kind.WITHDRAWAL, RiskEvent.Kind.FUNDING,
                        RiskEvent.Kind.ACCOUNT_LIQUIDATED);
        assertThat(reference.engine.image().ledger().accounts()).hasSizeGreaterThan(8);

        List<EngineEvent> events = new java.util.ArrayList<>();
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(64)
                .start()) {
            events.addAll(Replay.submitAll(engine.runtime(), commands.subList(0, N / 2)));
        }
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).start()) {
            assertThat(engine.recoveredImage()).as("seed %d", seed).isEqualTo(halfway);
            events.addAll(Replay.submitAll(engine.runtime(), commands.subList(N / 2, N)));
        }
        assertThat(Replay.hash(events)).as("seed %d", seed).isEqualTo(Replay.hash(reference.events));
        try (Database db = Database.start(config)) {
            EngineImage recovered = EngineRecovery.load(db.jdbi(), TestMarkets.registry());
            assertThat(recovered).as("seed %d", seed).isEqualTo(reference.engine.image());
            assertLedgerSumsToCollateral(db, recovered.ledger(), seed);
            assertThat(CommandLog.read(db.jdbi(), 0, Integer.MAX_VALUE)).containsExactlyElementsOf(commands);
        }
    }

    private static void assertLedgerSumsToCollateral(Database db, LedgerImage ledger, long seed) {
        Map<String, BigDecimal> sums = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT user_address, sum(amount) FROM ledger_entries GROUP BY user_address")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBigDecimal(2)))
                .list()).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (LedgerImage.Account a : ledger.accounts()) {
            long sum = Decimals.toScaledLong(sums.getOrDefault(a.address(), BigDecimal.ZERO), 6);
            assertThat(sum).as("seed %d: ledger of %s", seed, a.address()).isEqualTo(a.collateral());
        }
        assertThat(ledger.accounts().stream().mapToLong(LedgerImage.Account::collateral).sum()
                - ledger.accounts().stream().flatMap(a -> a.markets().stream()).mapToLong(LedgerImage.Market::entryCost)
                .sum()).as("conservation").isEqualTo(ledger.netDeposits());
    }
}
