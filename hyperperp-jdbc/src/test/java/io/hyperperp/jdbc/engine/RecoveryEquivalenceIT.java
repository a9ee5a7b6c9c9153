package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N commands straight versus N/2, a restart from the database, then N/2: the same events, the same books, the same
 * rows. The command stream is seeded (set {@code -Dhyperperp.seed=} to reproduce a failure).
 */
@ExtendWith(FreshDatabase.class)
class RecoveryEquivalenceIT {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryEquivalenceIT.class);
    private static final int N = 30_000;

    @Test
    void restartHalfwayChangesNothing(DatabaseConfig straightConfig) throws Exception {
        long seed = Long.getLong("hyperperp.seed", System.nanoTime());
        LOG.info("Recovery equivalence with seed {} (reproduce with -Dhyperperp.seed={})", seed, seed);

        // The reference: the generator sees the in-memory engine's events, so the stream is fixed by the seed.
        RandomCommandStream stream = new RandomCommandStream(seed, 12, 1_700_000_000_000_000L);
        Replay.Reference reference = new Replay.Reference();
        List<Command> commands = new ArrayList<>(N);
        EngineImage halfway = null;
        int halfEvents = 0;
        for (int i = 0; i < N; i++) {
            if (i == N / 2) {
                halfway = reference.engine.image();
                halfEvents = reference.events.size();
            }
            Command c = stream.next();
            commands.add(c);
            stream.observe(reference.process(c));
        }
        assertThat(reference.engine.counters().tradeCounter()).as("the stream trades").isGreaterThan(N / 20);
        assertThat(reference.engine.image().openOrders()).as("the stream leaves a book").hasSizeGreaterThan(20);
        String expectedHash = Replay.hash(reference.events);
        String expectedBooks = Replay.books(reference.engine);

        // Straight through one persistent engine.
        List<EngineEvent> straight;
        try (PersistentEngine engine = PersistentEngine.builder(straightConfig, TestMarkets.registry()).start()) {
            straight = Replay.submitAll(engine.runtime(), commands);
            assertThat(engine.runtime().query(Replay::books).get()).isEqualTo(expectedBooks);
        }
        assertThat(Replay.hash(straight)).isEqualTo(expectedHash);

        // Half, restart from the database, half.
        try (TestDatabase split = TestDatabases.create()) {
            List<EngineEvent> events = new ArrayList<>();
            try (PersistentEngine engine = PersistentEngine.builder(split.config(), TestMarkets.registry())
                    .maxGroupSize(512).start()) {
                events.addAll(Replay.submitAll(engine.runtime(), commands.subList(0, N / 2)));
            }
            assertThat(Replay.hash(events)).isEqualTo(Replay.hash(reference.events.subList(0, halfEvents)));
            try (PersistentEngine engine = PersistentEngine.builder(split.config(), TestMarkets.registry()).start()) {
                assertThat(engine.recoveredImage()).isEqualTo(halfway);
                events.addAll(Replay.submitAll(engine.runtime(), commands.subList(N / 2, N)));
                assertThat(engine.runtime().query(Replay::books).get()).isEqualTo(expectedBooks);
                assertThat(engine.runtime().query(MatchingEngine::image).get()).isEqualTo(reference.engine.image());
            }
            assertThat(Replay.hash(events)).isEqualTo(expectedHash);

            try (Database a = Database.start(straightConfig); Database b = Database.start(split.config())) {
                assertThat(EngineRecovery.load(b.jdbi(), TestMarkets.registry())).isEqualTo(reference.engine.image());
                assertThat(EngineRecovery.load(a.jdbi(), TestMarkets.registry())).isEqualTo(reference.engine.image());
                List<String> rowsA = Replay.tables(a.jdbi());
                assertThat(Replay.tables(b.jdbi())).containsExactlyElementsOf(rowsA);
                assertThat(CommandLog.read(b.jdbi(), 0, Integer.MAX_VALUE)).containsExactlyElementsOf(commands);
                LOG.info("{} commands, {} events, {} trades, {} rows compared", N, reference.events.size(),
                        reference.engine.counters().tradeCounter(), rowsA.size());
            }
        }
    }
}
