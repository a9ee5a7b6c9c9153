package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the state tables behind the command log ({@link TablesMode#BEHIND}): the group commit hands it each
 * group once its log row is committed, and this writer's thread, on a connection of its own, takes what is queued
 * (up to {@link Settings#maxGroups} groups, gathered for up to {@link Settings#batchMillis} after the first), folds
 * it into one {@link GroupRows} (each order written once in its final state, positions and accounts once, trades
 * and new orders in one COPY each, ledger entries per group as the inline commit writes them) and commits those
 * rows with {@code read_model_watermark}, the last command the tables hold, in one transaction.
 *
 * <p>The queue is bounded: when it is full {@link #enqueue} waits, so the commit thread (and with it the engine's
 * acknowledgements) slows to what the tables take, and memory stays bounded. A failed batch is rolled back and
 * retried with the log's back-off; on a fresh connection the watermark tells a batch already committed (skipped)
 * from a second writer (refused). With a fencing term the watermark moves only while its row holds that term
 * ({@code read_model_watermark.leader_term}, which a take-over writes with {@code engine_state}'s): a deposed
 * leader's writer then writes no row, and its queued groups are dropped (the next leader writes them from the log). Reads that must see the tables up to a command wait with {@link #awaitWatermark}.
 */
final class TableWriter implements AutoCloseable {

    /**
     * How the writer batches and retries.
     *
     * @param maxGroups    most groups folded into one transaction
     * @param batchMillis  longest wait, after the first group of a batch, for more (0: what is queued)
     * @param queueGroups  bound of the queue of groups not yet written
     * @param retryInitialMillis first back-off after a failed batch, doubling
     * @param retryMaxMillis     longest back-off
     */
    record Settings(int maxGroups, long batchMillis, int queueGroups, long retryInitialMillis, long retryMaxMillis) {
        /** The defaults: 1,000 groups or 100 ms, a queue of 4,096 groups, 10 ms doubling to 1 s. */
        static final Settings DEFAULTS = new Settings(1_000, 100, 4_096, 10, 1_000);

        Settings {
            if (maxGroups < 1 || batchMillis < 0 || queueGroups < 1 || retryInitialMillis < 1
                    || retryMaxMillis < retryInitialMillis) {
                throw new IllegalArgumentException("table writer settings out of range: " + maxGroups + " groups, "
                        + batchMillis + " ms, queue " + queueGroups + ", retry " + retryInitialMillis + ".."
                        + retryMaxMillis + " ms");
            }
        }
    }

    /** A group whose log row is committed, numbered from {@code firstNumber}. */
    private record Pending(long firstNumber, ProcessedGroup group) {
        long lastNumber() {
            return firstNumber + group.commands().size() - 1;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);
    private final JdbcCommitHook.ConnectionSource connections;
    private final MarketRegistry registry;
    private final long fencingTerm;
    private final Settings settings;
    private final BlockingQueue<Pending> queue;
    private final Map<Long, MarketSpec> specs = new HashMap<>();
    private final Map<String, Long> collateral = new HashMap<>();
    private final Object progress = new Object();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long watermark;
    /** The highest trade number this writer committed (0 before its first trade). */
    private volatile long tradesWritten;
    private volatile long enqueued;
    /** Groups the writer holds while it sleeps in {@link #gather} (taken off the queue), else 0. */
    private volatile int gathered;
    /** A reader waits for the tables: write what is queued now instead of gathering more. */
    private volatile boolean hurry;
    private volatile boolean stopping;
    private volatile Exception refused;
    private Connection connection;
    private boolean checked;
    private boolean specsLoaded;

    /**
     * @param watermark   the last command the tables hold ({@code read_model_watermark}); the first group
     *                    enqueued must follow it
     * @param fencingTerm the leader term, or {@link JdbcCommitHook#NO_FENCING}
     */
    TableWriter(JdbcCommitHook.ConnectionSource connections, MarketRegistry registry, long fencingTerm,
                long watermark, Settings settings, String threadName) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.fencingTerm = fencingTerm;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(settings.queueGroups());
        this.watermark = watermark;
        this.enqueued = watermark;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** @return the last command the tables hold (committed by this writer or before it started) */
    long watermark() {
        return watermark;
    }

    /** @return the highest trade number this writer committed, 0 before it wrote a trade */
    long tradesWritten() {
        return tradesWritten;
    }

    /** @return the last command handed to this writer */
    long enqueued() {
        return enqueued;
    }

    /** @return transactions committed, groups they held, failed attempts */
    long[] counts() {
        return new long[] {batches.get(), groups.get(), failures.get()};
    }

    /**
     * Hands over a group whose log row is committed; waits while the queue is full.
     *
     * @throws CommitRefusedException once the writer was refused (another leader's term)
     */
    void enqueue(long firstNumber, ProcessedGroup group) throws InterruptedException, CommitRefusedException {
        Pending p = new Pending(firstNumber, group);
        if (p.lastNumber() <= enqueued) {
            return; // handed over before (the commit retried a group whose acknowledgement was lost)
        }
        if (firstNumber != enqueued + 1) {
            throw new IllegalStateException("table writer: group from command " + firstNumber + " after command "
                    + enqueued);
        }
        // Not only when the queue is full: a writer fenced by the next leader's term or stopped writes nothing more.
        failIfStopped();
        while (!queue.offer(p, 100, TimeUnit.MILLISECONDS)) {
            wakeEarly();
            failIfStopped();
        }
        enqueued = p.lastNumber();
        if (gathered + queue.size() >= settings.maxGroups()) {
            wakeEarly(); // a full batch waits: no reason to gather longer
        }
    }

    private void failIfStopped() throws CommitRefusedException {
        Exception e = refused;
        if (e instanceof CommitRefusedException r) {
            throw new CommitRefusedException("table writer refused: " + r.getMessage());
        }
        if (e != null || !thread.isAlive()) {
            throw new IllegalStateException("the table writer stopped", e);
        }
    }

    /**
     * Waits until the tables hold command {@code number}.
     *
     * @return false if they did not within {@code timeoutMillis}
     */
    boolean awaitWatermark(long number, long timeoutMillis) throws InterruptedException {
        if (watermark >= number) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (watermark < number) {
                if (!hurry) {
                    hurry = true;
                    wakeEarly();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || refused != null || !thread.isAlive()) {
                    return watermark >= number;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, 50_000_000L));
            }
        }
        return true;
    }

    /**
     * Writes what is queued and stops the thread.
     *
     * @return false if the tables did not reach the last enqueued command within {@code timeoutMillis}
     */
    boolean drain(long timeoutMillis) throws InterruptedException {
        stopping = true;
        wakeEarly();
        boolean done = awaitWatermark(enqueued, timeoutMillis);
        thread.interrupt();
        thread.join(Math.max(1, timeoutMillis));
        return done;
    }

    /** Stops the thread without waiting for the queue; the tables catch up from the log at the next start. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriterConnections.drop(connection);
        connection = null;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (!(stopping && queue.isEmpty() && watermark >= enqueued)) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                writeWithRetry(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            if (!queue.isEmpty() || !batch.isEmpty()) {
                LOG.warn("table writer stopped with commands {}..{} not in the tables; the next start replays"
                        + " them from the command log", watermark + 1, enqueued);
            }
        } catch (CommitRefusedException e) {
            refused = e;
            LOG.error("table writer refused: {}", e.getMessage());
        } catch (RuntimeException | Error e) {
            refused = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            LOG.error("table writer failed; the tables stay at command {} and the next start replays the log past"
                    + " it", watermark, e);
        } finally {
            WriterConnections.drop(connection);
            connection = null;
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Adds to {@code batch} what arrives within the batch time, up to the batch's size. The writer sleeps through
     * the batch time and takes what was queued when it wakes: it is not woken by every group the commit thread
     * hands over (nor every millisecond to look for a reader), each a wake-up of this thread and a signal by the
     * commit thread for one group of a few dozen orders (docs/benchmarks.md, "Session 21: PostgreSQL, the server's
     * side"). What must not wait (a reader waiting for the tables, a full batch, a stop) unparks it early
     * ({@link #wakeEarly}).
     */
    private void gather(List<Pending> batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.batchMillis());
        while (true) {
            queue.drainTo(batch, settings.maxGroups() - batch.size());
            long left = deadline - System.nanoTime();
            if (Thread.interrupted()) {
                throw new InterruptedException("table writer interrupted while gathering");
            }
            if (batch.size() >= settings.maxGroups() || left <= 0 || hurry || stopping) {
                return;
            }
            // Published before the queue is looked at again: a group enqueued meanwhile either is seen here or
            // sees what the writer holds (and wakes it when the two make a batch).
            gathered = batch.size();
            if (batch.size() + queue.size() < settings.maxGroups()) {
                // Woken early by wakeEarly; a spurious return only looks at the queue once more.
                LockSupport.parkNanos(this, left);
            }
            gathered = 0;
        }
    }

    /** Cuts the writer's gathering short: a reader waits, the queue holds a full batch, or the writer stops. */
    private void wakeEarly() {
        LockSupport.unpark(thread);
    }

    private void writeWithRetry(List<Pending> batch) throws InterruptedException, CommitRefusedException {
        long backOff = settings.retryInitialMillis();
        while (true) {
            try {
                write(batch);
                return;
            } catch (SQLException e) {
                // A database that failed (down, a broken connection): the same batch again. Anything else (another
                // writer, a table missing an order) stops the writer; the next start replays the log past the tables.
                failures.incrementAndGet();
                WriterConnections.drop(connection);
                connection = null;
                checked = false;
                LOG.warn("table writer: commands {}..{} failed ({}); retrying in {} ms", batch.get(0).firstNumber(),
                        batch.get(batch.size() - 1).lastNumber(), e.toString(), backOff);
                Thread.sleep(backOff);
                backOff = Math.min(backOff * 2, settings.retryMaxMillis());
            }
        }
    }

    private void write(List<Pending> batch) throws SQLException, CommitRefusedException {
        if (connection == null) {
            connection = WriterConnections.open(connections);
        }
        Connection c = connection;
        if (!checked) {
            checkFresh(c);
            checked = true;
        }
        // Groups the tables already hold (a batch committed before its connection broke) are not written again.
        while (!batch.isEmpty() && batch.get(0).lastNumber() <= watermark) {
            batch.remove(0);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (!specsLoaded) {
            WriterConnections.loadStored(c, registry, specs, collateral);
            specsLoaded = true;
        }
        GroupRows rows = new GroupRows(batch.get(0).firstNumber(), specs, registry, stage -> {
        }, collateral, false);
        for (Pending p : batch) {
            for (ProcessedCommand pc : p.group().commands()) {
                rows.add(pc);
            }
            rows.finishAccounts(p.group().accounts());
        }
        try {
            rows.write(c, fencingTerm);
        } catch (StateUpdate.CommandNumberMismatch e) {
            c.rollback();
            checked = false;
            checkTerm(c);
            throw new IllegalStateException("read_model_watermark moved under this writer (at command " + watermark
                    + "): another writer writes the tables", e);
        }
        c.commit();
        specs.putAll(rows.newMarkets());
        collateral.putAll(rows.accounts().collateralAfter());
        batches.incrementAndGet();
        groups.addAndGet(batch.size());
        tradesWritten = Math.max(tradesWritten, rows.lastTrade());
        synchronized (progress) {
            watermark = rows.lastNumber();
            if (watermark >= enqueued) {
                hurry = false;
            }
            progress.notifyAll();
        }
    }

    /** On a fresh connection: the term is still ours, and the stored watermark is ours or a lost commit's. */
    private void checkFresh(Connection c) throws SQLException, CommitRefusedException {
        long stored = WriterConnections.lastCommand(c, "read_model_watermark");
        c.rollback();
        checkTerm(c);
        if (stored < watermark || stored > enqueued) {
            throw new IllegalStateException("read_model_watermark is at command " + stored + " but this writer"
                    + " wrote up to " + watermark + ": another writer writes the tables");
        }
        if (stored > watermark) {
            LOG.warn("Commands {}..{} are already in the tables (a batch committed but its connection broke);"
                    + " skipping them", watermark + 1, stored);
            watermark = stored;
            specsLoaded = false;
        }
    }

    private void checkTerm(Connection c) throws SQLException, CommitRefusedException {
        if (fencingTerm == JdbcCommitHook.NO_FENCING) {
            return;
        }
        long term = WriterConnections.leaderTerm(c);
        if (term != fencingTerm) {
            throw new CommitRefusedException("leader term " + fencingTerm + " is over: the database is at term "
                    + term + " (another instance took the lease)");
        }
    }
}
