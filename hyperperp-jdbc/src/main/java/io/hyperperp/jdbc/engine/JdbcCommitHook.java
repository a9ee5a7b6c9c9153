package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.CommitHook;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit to PostgreSQL: each {@link ProcessedGroup} is written in one transaction on one dedicated
 * connection: its command log rows, the orders it created or changed (one row write per order, with the order's
 * final state in the group), its trades, the net position change per user and market, newly opened markets with
 * their spec, each touched market's last trade price and book sequence, and the engine counters.
 *
 * <p>Bulk rows go through {@code COPY ... FROM STDIN}; updates of existing orders, positions and markets are one
 * statement each over {@code unnest} of arrays.
 *
 * <p>Idempotent retries: commands are numbered consecutively ({@code engine_state.last_command_number}). A group
 * whose last command number is already committed (the commit went through but its acknowledgement was lost) is
 * skipped; any other mismatch means a second writer and fails loudly. A failed attempt rolls back, drops the
 * connection and lets the runtime retry; the next attempt reconnects.
 *
 * <p>High availability: a hook with a fencing term ({@link #fenced}) commits only while
 * {@code engine_state.leader_term} holds that term. Once another instance took the lease (and wrote its own term
 * there), every commit throws {@link CommitRefusedException} and the runtime stops: nothing is committed, nothing
 * more is acknowledged.
 *
 * <p>With the tables behind the log ({@link TablesMode#BEHIND}, {@link #behind}) a group's transaction holds only
 * its command log row and the guarded counters ({@link LogRows}); once committed, the group goes to the
 * {@link TableWriter}, which writes the tables after it.
 *
 * <p>Called by the engine thread only (not thread-safe); {@link #stats()} and {@link #lastCommitted()} may be read
 * from any thread.
 */
public final class JdbcCommitHook implements CommitHook, AutoCloseable {

    /** Opens the writer's connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** @return a new open connection */
        Connection open() throws SQLException;
    }

    /**
     * Counters of what the hook committed.
     *
     * @param groups       committed transactions
     * @param commands     committed commands
     * @param rows         rows written (log, orders inserted or updated, trades, positions, markets)
     * @param skipped      groups skipped because they were already committed
     * @param failures     failed attempts
     * @param commitNanos  total time spent in successful commits
     */
    public record Stats(long groups, long commands, long rows, long skipped, long failures, long commitNanos) {
        /** @return average commands per committed group */
        public double averageGroupSize() {
            return groups == 0 ? 0 : (double) commands / groups;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCommitHook.class);

    /** The fencing term of a hook without HA: {@code engine_state.leader_term} is not checked. */
    public static final long NO_FENCING = -1;

    private final ConnectionSource connections;
    private final MarketRegistry registry;
    private final long fencingTerm;
    private final Map<Long, MarketSpec> specs = new HashMap<>();
    /** Each account's committed collateral, to tell what the next group changed (loaded with the specs). */
    private final Map<String, Long> collateral = new HashMap<>();
    private boolean specsLoaded;
    private Connection connection;
    private boolean checked;
    private long committedCommands = -1;
    /** {@link #committedCommands} for other threads: reads of the tables wait for the writer to reach it. */
    private volatile long lastCommitted = -1;
    /** The table writer when the tables are written behind the log, else null (inline). */
    private final TableWriter writer;
    /** The log-only commit's rows, built again for every group behind the log (its buffer kept). */
    private final LogRows logRows = new LogRows();

    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final StageTimer timer = new StageTimer();

    /** Names of the stages timed by {@link #stageMillis()}. */
    public static final List<String> STAGES = StageTimer.STAGES;

    private void stage(WriteStage done) {
        timer.stage(done);
    }

    /** @return total milliseconds spent in each of {@link #STAGES} by successful and failed attempts */
    public Map<String, Long> stageMillis() {
        return timer.totalMillis();
    }

    /**
     * @param connections opens the writer connection (see {@link Database#openDirectConnection()})
     * @param registry    the engine's market registry: gives the spec of markets the engine opens
     */
    public JdbcCommitHook(ConnectionSource connections, MarketRegistry registry) {
        this(connections, registry, NO_FENCING);
    }

    private JdbcCommitHook(ConnectionSource connections, MarketRegistry registry, long fencingTerm) {
        this(connections, registry, fencingTerm, null);
    }

    private JdbcCommitHook(ConnectionSource connections, MarketRegistry registry, long fencingTerm,
                           TableWriter writer) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.fencingTerm = fencingTerm;
        this.writer = writer;
    }

    /**
     * A hook that commits the command log only and hands each group to {@code writer}, which writes the tables
     * behind it ({@link TablesMode#BEHIND}).
     */
    static JdbcCommitHook behind(ConnectionSource connections, MarketRegistry registry, long fencingTerm,
                                 TableWriter writer) {
        return new JdbcCommitHook(connections, registry, fencingTerm, Objects.requireNonNull(writer, "writer"));
    }

    /** @return the number of the last command this hook committed (or found committed), -1 before its first */
    public long lastCommitted() {
        return lastCommitted;
    }

    /** @return a hook writing to the database through its own direct connection */
    public static JdbcCommitHook on(Database database, MarketRegistry registry) {
        return new JdbcCommitHook(database::openDirectConnection, registry);
    }

    /**
     * @param term the leader term this instance holds (see {@code LeaderLease}); its commits fail with
     *             {@link CommitRefusedException} once {@code engine_state.leader_term} is another term
     * @return a hook writing through its own direct connection while this instance's term is the database's
     */
    public static JdbcCommitHook fenced(Database database, MarketRegistry registry, long term) {
        return fenced(database::openDirectConnection, registry, term);
    }

    /**
     * Like {@link #fenced(Database, MarketRegistry, long)}, with the writer's connections from {@code connections}
     * (an HA follower keeps one open, so its first commit as leader need not wait for a new connection).
     */
    public static JdbcCommitHook fenced(ConnectionSource connections, MarketRegistry registry, long term) {
        if (term < 0) {
            throw new IllegalArgumentException("leader term must not be negative: " + term);
        }
        return new JdbcCommitHook(connections, registry, term);
    }

    /** @return counters so far */
    public Stats stats() {
        return new Stats(groups.get(), commands.get(), rows.get(), skipped.get(), failures.get(), commitNanos.get());
    }

    @Override
    public void commit(ProcessedGroup group) throws Exception {
        if (group.commands().isEmpty()) {
            return;
        }
        long begin = System.nanoTime();
        timer.startAttempt();
        try {
            Connection c = connection();
            write(c, group);
            timer.reportIfSlow(begin, group.commands().size());
        } catch (Exception | Error e) {
            failures.incrementAndGet();
            dropConnection();
            throw e;
        }
        commitNanos.addAndGet(System.nanoTime() - begin);
    }

    /** Closes the connection. The hook reconnects if used again. */
    @Override
    public void close() {
        dropConnection();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = WriterConnections.open(connections);
        }
        return connection;
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        checked = false;
        WriterConnections.drop(c);
    }

    private void write(Connection c, ProcessedGroup group)
            throws SQLException, CommitRefusedException, InterruptedException {
        int n = group.commands().size();
        timer.startStage();
        if (!checked) {
            // A fresh connection: an earlier attempt may have committed this very group before its connection
            // broke, or another engine may be writing. Later groups are guarded by the engine counters update.
            long dbLast = lastCommittedInDatabase(c);
            c.rollback();
            // Before anything else: a group "already committed" under another leader's term is not this group.
            checkTerm(c);
            if (committedCommands < 0) {
                committedCommands = dbLast;
            }
            long first = committedCommands + 1;
            if (skipIfCommitted(dbLast, n)) {
                handBehind(first, group);
                return;
            }
            checked = true;
        }
        if (writer != null) {
            writeLogOnly(c, group);
            return;
        }
        if (!specsLoaded) {
            loadSpecs(c);
        }
        stage(WriteStage.CHECK);
        GroupRows g = new GroupRows(committedCommands + 1, specs, registry, this::stage, collateral);
        for (ProcessedCommand pc : group.commands()) {
            g.add(pc);
        }
        g.finishAccounts(group.accounts());
        stage(WriteStage.BUILD);
        long written;
        try {
            written = g.write(c, fencingTerm);
        } catch (StateUpdate.CommandNumberMismatch e) {
            skipOrFail(c, n, e);
            return;
        }
        c.commit();
        stage(WriteStage.COMMIT);
        committed(n);
        specs.putAll(g.newMarkets());
        collateral.putAll(g.accounts().collateralAfter());
        groups.incrementAndGet();
        commands.addAndGet(n);
        rows.addAndGet(written);
    }

    /**
     * The tables behind the log: the group's log row and {@code engine_state} in one transaction, then the group
     * handed to the table writer (waiting while its queue is full).
     */
    private void writeLogOnly(Connection c, ProcessedGroup group)
            throws SQLException, CommitRefusedException, InterruptedException {
        int n = group.commands().size();
        long first = committedCommands + 1;
        LogRows log = logRows.start(first);
        for (ProcessedCommand pc : group.commands()) {
            log.add(pc);
        }
        stage(WriteStage.BUILD);
        long written;
        try {
            written = log.writeAndCommit(c, fencingTerm); // committed by its one round trip
        } catch (StateUpdate.CommandNumberMismatch e) {
            if (skipOrFail(c, n, e)) {
                handBehind(first, group);
            }
            return;
        }
        stage(WriteStage.COMMIT);
        committed(n);
        groups.incrementAndGet();
        commands.addAndGet(n);
        rows.addAndGet(written);
        writer.enqueue(first, group);
    }

    /** Behind the log, hands a group whose log row is committed to the table writer. */
    private void handBehind(long first, ProcessedGroup group) throws CommitRefusedException, InterruptedException {
        if (writer != null) {
            writer.enqueue(first, group);
        }
    }

    private void committed(int n) {
        committedCommands += n;
        lastCommitted = committedCommands;
    }

    /**
     * After the guarded counters update matched no row: skips a group already committed, else fails.
     *
     * @return true (the group was committed by an earlier attempt)
     */
    private boolean skipOrFail(Connection c, int n, StateUpdate.CommandNumberMismatch e)
            throws SQLException, CommitRefusedException {
        c.rollback();
        checkTerm(c);
        if (skipIfCommitted(lastCommittedInDatabase(c), n)) {
            return true;
        }
        throw new IllegalStateException("engine_state.last_command_number changed while this engine wrote"
                + " commands " + (committedCommands + 1) + "..: another engine writes to this database", e);
    }

    /** @return whether the group of {@code n} commands after the last committed one is already in the database */
    private boolean skipIfCommitted(long dbLast, int n) {
        long first = committedCommands + 1;
        long last = committedCommands + n;
        if (dbLast >= last) {
            committedCommands = last;
            lastCommitted = last;
            specsLoaded = false;
            skipped.incrementAndGet();
            LOG.warn("Commands {}..{} are already committed (an earlier attempt committed but was not"
                    + " acknowledged); skipping the group", first, last);
            return true;
        }
        if (dbLast != committedCommands) {
            throw new IllegalStateException("engine_state.last_command_number is " + dbLast + " but this engine"
                    + " committed up to " + committedCommands + ": another engine writes to this database");
        }
        return false;
    }

    /** @throws CommitRefusedException when this hook is fenced and another leader's term is in the database */
    private void checkTerm(Connection c) throws SQLException, CommitRefusedException {
        if (fencingTerm == NO_FENCING) {
            return;
        }
        long term = WriterConnections.leaderTerm(c);
        if (term != fencingTerm) {
            throw new CommitRefusedException("leader term " + fencingTerm + " is over: the database is at term "
                    + term + " (another instance took the lease)");
        }
    }

    private static long lastCommittedInDatabase(Connection c) throws SQLException {
        return WriterConnections.lastCommand(c, "engine_state");
    }

    private void loadSpecs(Connection c) throws SQLException {
        WriterConnections.loadStored(c, registry, specs, collateral);
        specsLoaded = true;
    }
}
