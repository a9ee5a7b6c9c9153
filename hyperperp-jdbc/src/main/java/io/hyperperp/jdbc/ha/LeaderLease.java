package io.hyperperp.jdbc.ha;

import io.hyperperp.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The leader lease in PostgreSQL ({@code ha_lease}, V10): one row with a term, the holder, its advertised URL and
 * an expiry on the database's clock.
 *
 * <p>A follower {@link #tryAcquire takes} the lease only once it has expired; taking it bumps the term and, in the
 * same transaction, writes the new term to {@code engine_state.leader_term}, the fence every group commit of the
 * leader checks (see {@code JdbcCommitHook.fenced}). That update waits for the row lock a commit in flight holds,
 * so after it returns the previous leader cannot commit again. The leader {@link #renew renews} well within the
 * lease; correctness never depends on clocks (the fence does that), only how soon a follower takes over does.
 *
 * <p>The holder also keeps a session advisory lock for its term on the lease connection. It is only a liveness
 * hint: when the holder's process dies, PostgreSQL ends its backend and frees the lock, and a follower takes the
 * lease at once instead of waiting for the expiry. A holder that is paused or cut off keeps its backend (or
 * PostgreSQL has not noticed yet), so then the expiry decides, as without the hint. Taking over early is always
 * safe: the fence, not the lease, decides whether a commit counts.
 *
 * <p>One connection outside the pool, opened on first use and again after a failure. Not thread-safe: one
 * thread (the instance's lease loop) uses it.
 */
public final class LeaderLease implements AutoCloseable {

    /**
     * Advisory-lock namespace of the liveness locks: the holder of term {@code t} keeps the session lock
     * {@code (LIVENESS_LOCK, t mod 2^31)} on its lease connection for as long as that connection lives.
     */
    private static final int LIVENESS_LOCK = 0x48504841; // "HPHA"
    private static final String TERM_KEY = "(%s %% 2147483647)::int";
    /**
     * Takes the lease when it has expired, or when its holder's lease session is gone (its liveness lock is free:
     * the process died and PostgreSQL ended its backend). The probe is a transaction lock, released at commit.
     */
    private static final String TAKE = "UPDATE ha_lease SET term = term + 1, holder = ?, advertised_url = ?,"
            + " expires_at = clock_timestamp() + make_interval(secs => ?), acquired_at = clock_timestamp(),"
            + " renewed_at = clock_timestamp() WHERE id = 1 AND (expires_at < clock_timestamp()"
            + " OR (holder IS NOT NULL AND pg_try_advisory_xact_lock(" + LIVENESS_LOCK + ", "
            + TERM_KEY.formatted("term") + "))) RETURNING term";
    private static final String HOLD_LIVENESS = "SELECT pg_try_advisory_lock(" + LIVENESS_LOCK + ", "
            + TERM_KEY.formatted("?") + ")";
    private static final String FENCE = "UPDATE engine_state SET leader_term = ? WHERE id = 1";
    /**
     * The same fence for the table writer behind the log (V17), in the same transaction and after engine_state (no
     * other transaction locks both rows, so the order cannot deadlock): the writer's watermark update is guarded
     * by this column on the row it locks.
     */
    private static final String FENCE_TABLES = "UPDATE read_model_watermark SET leader_term = ? WHERE id = 1";
    /**
     * Backends in a transaction that writes or row-locks {@code %s}: a group commit updates engine_state, a fenced
     * settlement write holds {@code FOR SHARE} on it, the table writer updates {@code read_model_watermark}; plain
     * readers take a weaker lock and are left alone.
     */
    private static final String TERMINATE_WRITERS = "SELECT pg_terminate_backend(l.pid) FROM pg_locks l"
            + " WHERE l.relation = '%s'::regclass AND l.mode IN ('RowShareLock', 'RowExclusiveLock') AND l.granted"
            + " AND l.pid <> pg_backend_pid()";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String RENEW = "UPDATE ha_lease SET expires_at = clock_timestamp() + make_interval(secs => ?),"
            + " renewed_at = clock_timestamp() WHERE id = 1 AND term = ? AND holder = ?";
    private static final String RELEASE = "UPDATE ha_lease SET expires_at = '-infinity' WHERE id = 1 AND term = ?"
            + " AND holder = ?";
    private static final String READ = "SELECT term, holder, advertised_url, expires_at < clock_timestamp()"
            + " FROM ha_lease WHERE id = 1";

    private final Database database;
    private final String holder;
    private final double leaseSeconds;
    private final long lockWaitMillis;
    private Connection connection;
    /** The term whose liveness lock {@link #connection} holds, or 0 (a new connection holds none). */
    private long livenessTerm;

    /**
     * @param database the shared database (migrated to V10 or later)
     * @param holder   this instance's name, unique among the instances
     * @param lease    how long a taken or renewed lease lasts
     */
    public LeaderLease(Database database, String holder, Duration lease) {
        this.database = Objects.requireNonNull(database, "database");
        this.holder = Objects.requireNonNull(holder, "holder");
        if (lease.toMillis() < 100) {
            throw new IllegalArgumentException("lease must be at least 100 ms, got " + lease.toMillis() + " ms");
        }
        this.leaseSeconds = lease.toMillis() / 1000.0;
        this.lockWaitMillis = Math.max(50, lease.toMillis() / 10);
    }

    /** @return this instance's name */
    public String holder() {
        return holder;
    }

    /**
     * Takes the lease if it has expired or its holder's lease session has ended: bumps the term, records this instance and its URL, and fences the
     * previous leader by writing the new term to {@code engine_state.leader_term}.
     *
     * @param advertisedUrl where clients reach this instance (followers redirect order-changing requests there)
     * @return the new term, or empty if another live instance holds an unexpired lease
     * @throws SQLException when the database cannot be reached (the lease is then not taken)
     */
    public OptionalLong tryAcquire(String advertisedUrl) throws SQLException {
        OptionalLong taken = run(c -> {
            try (var timeout = c.createStatement()) {
                timeout.execute("SET LOCAL lock_timeout = " + lockWaitMillis);
            }
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setString(1, holder);
                take.setString(2, advertisedUrl);
                take.setDouble(3, leaseSeconds);
                try (ResultSet rs = take.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return OptionalLong.empty();
                    }
                    long term = rs.getLong(1);
                    // Before the commit makes the new term visible, so no follower ever finds its lock free.
                    holdLiveness(c, term);
                    c.commit();
                    return OptionalLong.of(term);
                }
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                // The holder froze inside its renewal, holding the row: once the lease has expired, end that
                // transaction; the next try takes the lease.
                c.rollback();
                if (readRow(c).expired()) {
                    terminateWriters(c, "ha_lease");
                }
                c.commit();
                return OptionalLong.empty();
            }
        });
        if (taken.isPresent()) {
            fence(taken.getAsLong());
        }
        return taken;
    }

    /**
     * Writes the term to {@code engine_state.leader_term} and {@code read_model_watermark.leader_term}. A previous
     * leader paused in the middle of a group commit (or of a table writer's batch) holds that row's lock for as
     * long as it is paused; after a lock wait of a tenth of the lease (a commit takes milliseconds, and this leader
     * has not renewed for a whole lease), its backend is terminated (its transaction rolls back; nothing of a
     * group commit was acknowledged, and a table batch is written again from the log) and the fence retried.
     */
    private void fence(long term) throws SQLException {
        while (true) {
            boolean fenced = run(c -> {
                try (var timeout = c.createStatement()) {
                    timeout.execute("SET LOCAL lock_timeout = " + lockWaitMillis);
                }
                try (PreparedStatement fence = c.prepareStatement(FENCE);
                     PreparedStatement tables = c.prepareStatement(FENCE_TABLES)) {
                    fence.setLong(1, term);
                    fence.executeUpdate();
                    tables.setLong(1, term);
                    tables.executeUpdate();
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback();
                    terminateWriters(c, "engine_state");
                    terminateWriters(c, "read_model_watermark");
                    c.commit();
                    return false;
                }
            });
            if (fenced) {
                return;
            }
        }
    }

    /**
     * Extends the lease by its length from now (database clock), if this instance still holds {@code term}.
     *
     * @return false when another instance took the lease: this one must stop leading
     * @throws SQLException when the database cannot be reached (the caller's clock decides when to give up)
     */
    public boolean renew(long term) throws SQLException {
        return run(c -> {
            try (PreparedStatement renew = c.prepareStatement(RENEW)) {
                renew.setDouble(1, leaseSeconds);
                renew.setLong(2, term);
                renew.setString(3, holder);
                boolean held = renew.executeUpdate() == 1;
                if (held && livenessTerm != term) {
                    holdLiveness(c, term); // a new connection: lock again (a follower may have taken over meanwhile)
                }
                c.commit();
                return held;
            }
        });
    }

    /** Takes this term's liveness lock on the lease connection, if it is free (it is, unless a follower probes). */
    private void holdLiveness(Connection c, long term) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(HOLD_LIVENESS)) {
            lock.setLong(1, term);
            try (ResultSet rs = lock.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    livenessTerm = term;
                }
            }
        }
    }

    /** Lets the lease expire now (orderly shutdown of the leader), so a follower need not wait for it. */
    public void release(long term) throws SQLException {
        run(c -> {
            try (PreparedStatement release = c.prepareStatement(RELEASE)) {
                release.setLong(1, term);
                release.setString(2, holder);
                release.executeUpdate();
                c.commit();
                return null;
            }
        });
    }

    /** @return the lease row now */
    public LeaseHolder read() throws SQLException {
        return run(c -> {
            LeaseHolder lease = readRow(c);
            c.rollback();
            return lease;
        });
    }

    private static LeaseHolder readRow(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(READ); ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("ha_lease has no row: the schema is older than V10");
            }
            return new LeaseHolder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
        }
    }

    private static void terminateWriters(Connection c, String table) throws SQLException {
        try (var terminate = c.createStatement()) {
            terminate.execute(TERMINATE_WRITERS.formatted(table));
        }
    }

    @Override
    public void close() {
        drop();
    }

    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) throws SQLException {
        try {
            if (connection == null) {
                Connection c = database.openDirectConnection();
                c.setAutoCommit(false);
                connection = c;
            }
            return work.on(connection);
        } catch (SQLException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    private void drop() {
        Connection c = connection;
        connection = null;
        livenessTerm = 0;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone already
            }
        }
    }
}
