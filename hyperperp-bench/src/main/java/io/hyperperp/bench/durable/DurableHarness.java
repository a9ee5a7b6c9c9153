package io.hyperperp.bench.durable;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.engine.JdbcCommitHook;
import io.hyperperp.jdbc.engine.PersistentEngine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Durable throughput: commands go through a {@link PersistentEngine} (engine plus group commit to PostgreSQL) and
 * each is timed until its acknowledgement, which comes only after its group's transaction committed.
 *
 * <p>One submitting thread sends the commands in order, so the engine sees exactly the sequence the generator
 * produced. With a rate, command {@code i} is due at {@code start + i / rate} and its latency is measured from that
 * due time (a stall penalises every command behind it); without one, at most {@code window} commands are in flight
 * and latency is measured from submission. The first fifth of the measured commands warms up the JIT and the
 * database and is left out of every figure.
 */
public final class DurableHarness {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(10);

    /**
     * How to offer the load.
     *
     * @param rate         commands per second, or 0 to keep {@code window} commands in flight
     * @param window       commands in flight without a rate
     * @param maxGroupSize largest group of commands committed in one transaction
     */
    public record Options(long rate, int window, int maxGroupSize) {
        /** Checks the values. */
        public Options {
            if (rate < 0) {
                throw new IllegalArgumentException("rate must not be negative");
            }
            if (window < 1) {
                throw new IllegalArgumentException("window must be positive");
            }
            if (maxGroupSize < 1) {
                throw new IllegalArgumentException("maxGroupSize must be positive");
            }
        }
    }

    /**
     * What a run measured over its measured part (after the first fifth).
     *
     * @param commands          commands measured
     * @param refused           commands the runtime refused (queue full or database unavailable)
     * @param seconds           duration of the measured part
     * @param commandsPerSecond acknowledged commands per second
     * @param p50Nanos          median acknowledgement latency
     * @param p99Nanos          99th percentile
     * @param p999Nanos         99.9th percentile
     * @param maxNanos          largest
     * @param rowsPerSecond     rows written per second (log, orders, trades, positions, markets)
     * @param groups            transactions committed
     * @param averageGroupSize  commands per transaction
     * @param stageMillis       time the writer spent in each stage of a transaction, whole run
     */
    public record Result(long commands, long refused, double seconds, double commandsPerSecond, long p50Nanos,
                         long p99Nanos, long p999Nanos, long maxNanos, double rowsPerSecond, long groups,
                         double averageGroupSize, Map<String, Long> stageMillis) {
    }

    private final DatabaseConfig database;
    private final MarketRegistry markets;
    private final Options options;

    /** A harness writing to {@code database} (which should be empty: the run leaves its rows behind). */
    public DurableHarness(DatabaseConfig database, MarketRegistry markets, Options options) {
        this.database = Objects.requireNonNull(database, "database");
        this.markets = Objects.requireNonNull(markets, "markets");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** WAL one command writes, with margin (measured: about 450 bytes with the mixed workload). */
    private static final long WAL_BYTES_PER_COMMAND = 600;
    private static final long WAL_SEGMENT_BYTES = 16L * 1024 * 1024;
    /** The embedded server keeps 1 GB ({@code min_wal_size}) of segments for reuse. */
    private static final int MAX_WAL_SEGMENTS = 64;

    /**
     * Brings a brand-new database cluster's WAL to the state of a server that has been running: it makes PostgreSQL
     * create enough WAL segments (zero-filled 16 MB files) for a run of {@code commands}, then checkpoints so that
     * they are kept for reuse (the embedded server's {@code min_wal_size} is 1 GB). Without it, the first gigabyte of
     * WAL a run writes goes into segments created during the run, and on a VM's disk a commit waits behind each of
     * those writes.
     *
     * @return the segments in {@code pg_wal} afterwards
     */
    public static int preallocateWal(DatabaseConfig config, long commands) {
        int segments = (int) Math.min(MAX_WAL_SEGMENTS, commands * WAL_BYTES_PER_COMMAND / WAL_SEGMENT_BYTES + 2);
        try (Database db = Database.start(config)) {
            return db.jdbi().withHandle(h -> {
                for (int i = 0; i < segments; i++) {
                    // A segment switch needs WAL written since the last one.
                    h.createQuery("SELECT pg_logical_emit_message(false, 'hyperperp-bench', 'wal')").mapTo(String.class)
                            .one();
                    h.createQuery("SELECT pg_switch_wal()").mapTo(String.class).one();
                }
                h.execute("CHECKPOINT");
                return h.createQuery("SELECT count(*) FROM pg_ls_waldir()").mapTo(Integer.class).one();
            });
        }
    }

    /** Starts the engine on the database, applies {@code warmup} untimed, then times {@code measured}. */
    public Result run(List<Command> warmup, List<Command> measured) throws InterruptedException {
        try (PersistentEngine engine = PersistentEngine.builder(database, markets)
                .maxGroupSize(options.maxGroupSize())
                .queueCapacity(Math.max(65_536, options.window() * 2))
                .start()) {
            Semaphore window = new Semaphore(1_024);
            for (Command command : warmup) {
                window.acquire();
                engine.runtime().submit(command).whenComplete((r, e) -> window.release());
            }
            window.acquire(1_024);
            return timed(engine, measured);
        }
    }

    private Result timed(PersistentEngine engine, List<Command> commands) throws InterruptedException {
        int n = commands.size();
        int skip = n / 5;
        long[] ack = new long[n];
        long[] due = new long[n];
        boolean[] refused = new boolean[n];
        Semaphore inFlight = options.rate() == 0 ? new Semaphore(options.window()) : null;
        JdbcCommitHook.Stats before = null;
        long nanosPerCommand = options.rate() == 0 ? 0 : 1_000_000_000L / options.rate();
        long start = System.nanoTime();
        // Nothing of a command is kept after its acknowledgement: holding a million results would make the
        // benchmark's own garbage collection pauses part of the measured latency.
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            if (i == skip) {
                before = engine.commitHook().stats();
            }
            if (nanosPerCommand > 0) {
                long at = start + i * nanosPerCommand;
                long wait;
                // Sleep, never spin: a spinning generator takes one of a small machine's cores from the engine,
                // its writer and PostgreSQL. Commands that fell due while it slept go out at once, and their
                // latency still counts from when they were due.
                while ((wait = at - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                due[i] = at;
            } else {
                inFlight.acquire();
                due[i] = System.nanoTime();
            }
            int index = i;
            engine.runtime().submit(commands.get(i)).whenComplete((CommandResult r, Throwable e) -> {
                ack[index] = System.nanoTime();
                refused[index] = e != null || r == null || !r.processed();
                if (inFlight != null) {
                    inFlight.release();
                }
                done.countDown();
            });
        }
        done.await();
        long measuredEnd = 0;
        long measuredStart = n == 0 ? start : due[skip];
        Histogram latency = new Histogram(HIGHEST_TRACKABLE, 3);
        long refusals = 0;
        for (int i = skip; i < n; i++) {
            if (refused[i]) {
                refusals++;
                continue;
            }
            latency.recordValue(Math.max(0, ack[i] - due[i]));
            measuredEnd = Math.max(measuredEnd, ack[i]);
        }
        JdbcCommitHook.Stats after = engine.commitHook().stats();
        if (before == null) {
            before = after;
        }
        double seconds = Math.max(1, measuredEnd - measuredStart) / 1e9;
        long groups = after.groups() - before.groups();
        long committed = after.commands() - before.commands();
        return new Result(n - skip, refusals, seconds, latency.getTotalCount() / seconds,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(),
                (after.rows() - before.rows()) / seconds, groups, groups == 0 ? 0 : (double) committed / groups,
                engine.commitHook().stageMillis());
    }
}
