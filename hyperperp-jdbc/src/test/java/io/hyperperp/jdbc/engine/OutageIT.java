package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.internal.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL is stopped under load and started again on the same data directory and port: meanwhile new commands
 * are answered UNAVAILABLE and queued ones wait; afterwards the backlog commits in order, service resumes by
 * itself, and nothing acknowledged is lost.
 */
class OutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(OutageIT.class);

    @Test
    void databaseOutageUnderLoad() throws Exception {
        Path dir = Path.of("target", "outage-it", UUID.randomUUID().toString());
        EmbeddedServer server = EmbeddedServer.start(dir, 0);
        int port = server.port();
        DatabaseConfig config = DatabaseConfig.external("jdbc:postgresql://localhost:" + port + "/"
                + EmbeddedServer.DATABASE).withCredentials(EmbeddedServer.USER, null).withPoolSize(2);
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicLong processed = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        AtomicLong waitedThrough = new AtomicLong();
        AtomicLong firstUnavailable = new AtomicLong(Long.MAX_VALUE);
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean running = new AtomicBoolean(true);
        RandomCommandStream stream = new RandomCommandStream(42, 8, 1_700_000_000_000_000L);
        // Every fourth command moves accounts: deposits, withdrawals, margined trades, liquidations, funding.
        MarginCommandStream margin = new MarginCommandStream(42, stream::nextTimestamp);
        AtomicLong submittedCount = new AtomicLong();
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .commitRetry(10, 200)
                .listener(group -> stream.observe(group.events()))
                .start()) {
            Semaphore window = new Semaphore(16);
            Thread producer = new Thread(() -> {
                while (running.get()) {
                    // With the window full (commands waiting out the outage) keep probing without it.
                    boolean permit = tryAcquire(window);
                    Command c = submittedCount.incrementAndGet() % 4 == 0 ? margin.next() : stream.next();
                    long submitted = System.nanoTime();
                    engine.runtime().submit(c).whenComplete((r, e) -> {
                        if (permit) {
                            window.release();
                        }
                        if (r != null && r.status() == CommandResult.Status.PROCESSED) {
                            acked.add(c.timestamp());
                            processed.incrementAndGet();
                            if (submitted < firstUnavailable.get() && System.nanoTime() > restartedAt.get()) {
                                waitedThrough.incrementAndGet();
                            }
                        } else if (r != null && r.status() == CommandResult.Status.UNAVAILABLE) {
                            unavailable.incrementAndGet();
                            firstUnavailable.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                        }
                    });
                    if (unavailable.get() > 0 && engine.runtime().isUnavailable()) {
                        sleep(1);
                    }
                }
            }, "outage-producer");
            producer.start();

            waitFor(() -> processed.get() > 2_000, 30, "load before the outage");
            server.close();
            long before = processed.get();
            LOG.info("PostgreSQL stopped after {} acknowledged commands", before);
            waitFor(() -> unavailable.get() > 100, 30, "UNAVAILABLE answers");
            assertThat(engine.runtime().isUnavailable()).isTrue();
            // Observe the outage for as long as the producer needs to be refused another 100 times,
            // not for a fixed time that a busy machine could spend elsewhere.
            long refused = unavailable.get();
            waitFor(() -> unavailable.get() > refused + 100, 30, "more UNAVAILABLE answers during the outage");
            long duringOutage = processed.get() - before;

            restartedAt.set(System.nanoTime());
            server = EmbeddedServer.start(dir, port);
            LOG.info("PostgreSQL started again on port {}", port);
            waitFor(() -> processed.get() > before + 2_000, 60, "service to resume");
            assertThat(engine.runtime().isUnavailable()).isFalse();
            running.set(false);
            producer.join(10_000);
            assertThat(window.tryAcquire(16, 30, TimeUnit.SECONDS)).isTrue(); // every windowed command answered
            LOG.info("{} acknowledged, {} UNAVAILABLE, {} acknowledged during the outage, {} waited through it",
                    processed.get(), unavailable.get(), duringOutage, waitedThrough.get());
            assertThat(duringOutage).as("nothing is acknowledged while the database is down").isLessThanOrEqualTo(100);
            assertThat(waitedThrough.get()).as("queued commands waited and were committed").isPositive();
        }
        try (Database db = Database.start(config)) {
            List<Command> log = CommandLog.read(db.jdbi(), 0, Integer.MAX_VALUE);
            Set<Long> logged = new HashSet<>();
            log.forEach(c -> logged.add(c.timestamp()));
            assertThat(logged).containsAll(acked);
            assertThat(EngineRecovery.load(db.jdbi(), TestMarkets.registry()))
                    .isEqualTo(Replay.run(log).image());
        } finally {
            server.close();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean tryAcquire(Semaphore window) {
        try {
            return window.tryAcquire(5, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
