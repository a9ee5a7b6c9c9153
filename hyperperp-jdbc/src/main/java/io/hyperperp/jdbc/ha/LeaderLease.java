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
 * <p>One connection outside the pool, opened on first use and again after a failure. Not thread-safe: one
 * thread (the instance's lease loop) uses it.
 */
public final class LeaderLease implements AutoCloseable {

    private static final String TAKE = "UPDATE ha_lease SET term = term + 1, holder = ?, advertised_url = ?,"
            + " expires_at = clock_timestamp() + make_interval(secs => ?), acquired_at = clock_timestamp(),"
            + " renewed_at = clock_timestamp() WHERE id = 1 AND expires_at < clock_timestamp() RETURNING term";
    private static final String FENCE = "UPDATE engine_state SET leader_term = ? WHERE id = 1";
    /** Backends of this database that hold engine_state locks: only a leader's group commit takes them. */
    private static final String TERMINATE_WRITERS = "SELECT pg_terminate_backend(l.pid) FROM pg_locks l"
            + " WHERE l.relation = 'engine_state'::regclass AND l.granted AND l.pid <> pg_backend_pid()";
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
    private final long leaseMillis;
    private Connection connection;

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
        this.leaseMillis = lease.toMillis();
    }

    /** @return this instance's name */
    public String holder() {
        return holder;
    }

    /**
     * Takes the lease if it has expired: bumps the term, records this instance and its URL, and fences the
     * previous leader by writing the new term to {@code engine_state.leader_term}.
     *
     * @param advertisedUrl where clients reach this instance (followers redirect order-changing requests there)
     * @return the new term, or empty if another instance holds an unexpired lease
     * @throws SQLException when the database cannot be reached (the lease is then not taken)
     */
    public OptionalLong tryAcquire(String advertisedUrl) throws SQLException {
        OptionalLong taken = run(c -> {
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setString(1, holder);
                take.setString(2, advertisedUrl);
                take.setDouble(3, leaseSeconds);
                try (ResultSet rs = take.executeQuery()) {
                    OptionalLong term = rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                    c.commit();
                    return term;
                }
            }
        });
        if (taken.isPresent()) {
            fence(taken.getAsLong());
        }
        return taken;
    }

    /**
     * Writes the term to {@code engine_state.leader_term}. A previous leader paused in the middle of a group
     * commit holds that row's lock for as long as it is paused; after a lock wait as long as the lease, its
     * backend is terminated (its transaction rolls back, nothing of it was acknowledged) and the fence retried.
     */
    private void fence(long term) throws SQLException {
        while (true) {
            boolean fenced = run(c -> {
                try (var timeout = c.createStatement()) {
                    timeout.execute("SET LOCAL lock_timeout = " + leaseMillis);
                }
                try (PreparedStatement fence = c.prepareStatement(FENCE)) {
                    fence.setLong(1, term);
                    fence.executeUpdate();
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback();
                    try (var terminate = c.createStatement()) {
                        terminate.execute(TERMINATE_WRITERS);
                    }
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
                c.commit();
                return held;
            }
        });
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
            try (PreparedStatement read = c.prepareStatement(READ); ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("ha_lease has no row: the schema is older than V10");
                }
                LeaseHolder lease = new LeaseHolder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
                c.rollback();
                return lease;
            }
        });
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
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone already
            }
        }
    }
}
