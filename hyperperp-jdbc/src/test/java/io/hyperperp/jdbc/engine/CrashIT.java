package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A separate JVM ({@link CrashChild}) runs the durable engine under load and is killed with SIGKILL at random
 * moments. After every kill the database must hold every acknowledged command, be exactly the in-memory replay of
 * its own command log (a prefix of what the child processed), have trade numbers 1..N without gaps, and keep every
 * settlement batch the child reported. At the end all trades get settled.
 */
@ExtendWith(FreshDatabase.class)
class CrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashIT.class);
    private static final int ROUNDS = 10;

    @Test
    void killedEngineLosesNothingAcknowledged(DatabaseConfig config) throws Exception {
        run(config, TablesMode.INLINE, ROUNDS);
    }

    /**
     * Kills the child {@code rounds} times, verifying the database after each kill.
     *
     * @return the rounds whose kill left the tables behind the log ({@link TablesMode#BEHIND} only)
     */
    static int run(DatabaseConfig config, TablesMode mode, int rounds) throws Exception {
        long seed = Long.getLong("hyperperp.seed", System.nanoTime());
        LOG.info("Crash test with seed {}, tables {}", seed, mode.wireName());
        int behind = 0;
        Random random = new Random(seed);
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> batches = ConcurrentHashMap.newKeySet();
        for (int round = 1; round <= rounds; round++) {
            long millis = 150 + random.nextInt(650);
            int before = acked.size();
            runChildAndKill(config, seed + round, millis, acked, batches, mode);
            try (Database db = Database.start(config.withPoolSize(2))) {
                if (verify(db.jdbi(), acked, batches, round)) {
                    behind++;
                }
            }
            LOG.info("Round {}: killed after {} ms of load, {} acknowledged commands in this round", round, millis,
                    acked.size() - before);
            assertThat(acked.size()).as("round %d made progress", round).isGreaterThan(before);
        }
        if (mode == TablesMode.BEHIND) {
            // The next start catches the tables up; settling reads the trades.
            runChildAndKill(config, seed, 0, acked, batches, mode);
        }
        try (Database db = Database.start(config.withPoolSize(4))) {
            settleEverything(db.jdbi());
        }
        return behind;
    }

    /** @return whether the tables were behind the log (written behind it, and the kill came before they caught up) */
    private static boolean verify(Jdbi jdbi, Set<Long> acked, Set<Long> batches, int round) {
        List<Command> log = CommandLog.read(jdbi, 0, Integer.MAX_VALUE);
        Set<Long> logged = new HashSet<>();
        log.forEach(c -> logged.add(c.timestamp()));
        assertThat(logged).as("round %d: every acknowledged command is in the log", round).containsAll(acked);
        assertThat(logged).hasSize(log.size());

        // The tables are at the watermark (the log's end when they are written inline): the replay of the log's
        // commands up to it.
        EngineRecovery.Positioned tables = EngineRecovery.loadTablesForStart(jdbi, TestMarkets.registry()).tables();
        EngineImage recovered = tables.image();
        EngineImage replayed = Replay.run(log.subList(0, (int) tables.lastCommandNumber())).image();
        assertThat(recovered).as("round %d: state = replay of the command log up to the tables' watermark", round)
                .isEqualTo(replayed);

        assertThat(GroupCommitIT.rows(jdbi, "SELECT count(*) || ' ' || COALESCE(min(trade_number), 1) || ' '"
                + " || COALESCE(max(trade_number), 0) FROM trades"))
                .containsExactly(recovered.counters().tradeCounter() + " 1 " + recovered.counters().tradeCounter());
        assertThat(GroupCommitIT.rows(jdbi, "SELECT count(*) || ' ' || COALESCE(max(command_number), 0) || ' '"
                + " || (SELECT last_command_number FROM engine_state) FROM command_log"))
                .containsExactly(log.size() + " " + log.size() + " " + log.size());

        Set<Long> stored = new HashSet<>(jdbi.withHandle(h -> h.createQuery(
                "SELECT batch_number FROM settlement_batches").mapTo(Long.class).list()));
        assertThat(stored).as("round %d: every reported batch is stored", round).containsAll(batches);
        assertThat(GroupCommitIT.rows(jdbi, "SELECT f.trade_number::text FROM settlement_batch_fills f"
                + " JOIN settlement_batches b USING (batch_number) WHERE b.status <> 'split'"
                + " GROUP BY f.trade_number HAVING count(*) > 1")).as("no trade in two live batches").isEmpty();
        assertThat(GroupCommitIT.rows(jdbi, "SELECT b.batch_number::text FROM settlement_batches b"
                + " WHERE b.status <> 'split' AND (SELECT count(*) FROM trade_batches t WHERE t.batch_number = b.batch_number)"
                + " <> (SELECT count(*) FROM settlement_batch_fills f WHERE f.batch_number = b.batch_number)"))
                .as("each live batch owns exactly its fills' trades").isEmpty();
        return tables.lastCommandNumber() < log.size();
    }

    private static void settleEverything(Jdbi jdbi) throws Exception {
        JdbcSettlementStore store = new JdbcSettlementStore(jdbi);
        int unbatched = store.unbatched().size();
        try (ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler()) {
            SettlementBatcher batcher = new SettlementBatcher(SettlementConfig.defaults().withBatching(50, 10),
                    TestMarkets.registry(), store, new LocalSettlementLedger(TestMarkets.registry()), scheduler, null,
                    null);
            batcher.start();
            batcher.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!store.unbatched().isEmpty() || !store.unfinished().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                batcher.flush();
            }
        }
        LOG.info("Settled the {} trades left unbatched by the kills", unbatched);
        assertThat(store.unbatched()).isEmpty();
        assertThat(store.unfinished()).isEmpty();
        assertThat(GroupCommitIT.rows(jdbi, "SELECT count(*)::text FROM trades t"
                + " WHERE NOT EXISTS (SELECT 1 FROM trade_batches b WHERE b.trade_number = t.trade_number)"))
                .containsExactly("0");
    }

    private static void runChildAndKill(DatabaseConfig config, long seed, long loadMillis, Set<Long> acked,
                                        Set<Long> batches, TablesMode mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), config.jdbcUrl(), config.user(), Long.toString(seed), mode.wireName())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(child, ready, acked, batches), "crash-child-output");
        pump.setDaemon(true);
        pump.start();
        int before = acked.size();
        try {
            ready.get(120, TimeUnit.SECONDS);
            // On a busy machine the first acknowledgement can take longer than the shortest load
            // window: kill only once this round has acknowledged something, then at a random moment.
            long firstAckDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() == before && System.nanoTime() < firstAckDeadline) {
                Thread.sleep(5);
            }
            if (loadMillis > 0) {
                Thread.sleep(loadMillis);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no drain
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        pump.join(10_000);
    }

    private static void pump(Process child, CompletableFuture<Void> ready, Set<Long> acked, Set<Long> batches) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acked.add(Long.parseLong(line.substring(4)));
                } else if (line.startsWith("BATCH ")) {
                    batches.add(Long.parseLong(line.split(" ")[1]));
                } else if (line.equals(CrashChild.READY)) {
                    ready.complete(null);
                } else if (!line.isBlank() && !line.contains(" INFO ")) {
                    LOG.info("[child] {}", line);
                }
            }
            ready.completeExceptionally(new IllegalStateException("child exited before it was ready"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
