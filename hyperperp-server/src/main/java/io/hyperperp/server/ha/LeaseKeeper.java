package io.hyperperp.server.ha;

import io.hyperperp.jdbc.engine.CommandLog;
import io.hyperperp.jdbc.ha.LeaderLease;
import io.hyperperp.jdbc.ha.LeaseHolder;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leads, as this instance sees it: the HA loop's thread, which as a follower polls its {@link Duties} and
 * contends for the {@link LeaderLease}, and as the leader renews it. It owns the role, the term and the lease's
 * age; what the instance does on each step (replay the log, take over the engine, stop settlement) is its
 * {@link HaDuties}. Request threads only read its volatile state.
 */
final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    /** How often a follower polls the command log. */
    private static final long POLL_MILLIS = 10;
    /**
     * A follower tries the lease a twentieth of a lease apart, at most every 50 ms: how late it notices that the
     * lease expired or that the leader's process died.
     */
    private static final long MAX_CONTEND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** What the instance does at each step of the loop; called on the loop's thread. */
    interface Duties {
        /** A follower's every poll: apply what the leader committed since. */
        void follow() throws SQLException, InterruptedException;

        /** A follower's every lease check, before it contends. */
        void beforeContending();

        /** The lease was taken for {@code term}: catch up and start leading ({@link #lead}), or step down. */
        void takeOver(long term) throws InterruptedException;

        /** Stepped down (on a new thread): stop what leading started, restart as a follower. */
        void steppedDown();
    }

    private final LeaderLease lease;
    private final long leaseNanos;
    private final long contendIntervalNanos;
    private final Duties duties;
    private final Thread loop;
    private volatile Role role = Role.FOLLOWER;
    private volatile long term;
    private volatile long lastRenewalNanos;
    private volatile String advertisedUrl;
    private volatile String leaderUrl;
    private volatile boolean closing;

    LeaseKeeper(LeaderLease lease, long leaseMillis, String advertisedUrl, Duties duties) {
        this.lease = lease;
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        this.contendIntervalNanos = Math.min(MAX_CONTEND_INTERVAL_NANOS, leaseNanos / 20);
        this.advertisedUrl = advertisedUrl;
        this.duties = duties;
        try {
            LeaseHolder current = lease.read();
            leaderUrl = current.expired() ? null : current.advertisedUrl();
        } catch (SQLException e) {
            LOG.warn("Could not read the lease yet: {}", e.toString());
        }
        this.loop = new Thread(this::run, "hyperperp-ha");
        loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    /** Sets the URL clients reach this instance at, unless one was configured; only then does it contend. */
    void advertise(String url) {
        if (advertisedUrl == null) {
            advertisedUrl = url;
        }
    }

    Role role() {
        return role;
    }

    /** True while leading and the lease is within its length of the last renewal. */
    boolean leading() {
        return role == Role.LEADER && System.nanoTime() - lastRenewalNanos < leaseNanos;
    }

    long term() {
        return term;
    }

    String leaderUrl() {
        return leaderUrl;
    }

    String advertisedUrl() {
        return advertisedUrl;
    }

    /** Called by {@link Duties#takeOver} once caught up: orders are taken from now on. */
    void lead() {
        leaderUrl = advertisedUrl;
        role = Role.LEADER;
    }

    private void run() {
        long nextLeaseCheck = 0;
        while (!closing && role != Role.STEPPED_DOWN) {
            try {
                long now = System.nanoTime();
                if (role == Role.FOLLOWER) {
                    duties.follow();
                    if (now - nextLeaseCheck >= 0) {
                        nextLeaseCheck = now + contendIntervalNanos;
                        duties.beforeContending();
                        contend();
                    }
                } else if (now - nextLeaseCheck >= 0) {
                    nextLeaseCheck = now + leaseNanos / 3;
                    renew();
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (CommandLog.LogGapException e) {
                // Behind the pruned log: what it needs is only in the tables now, so start again from them.
                stepDown(e.getMessage());
            } catch (RuntimeException | SQLException e) {
                if (role == Role.LEADER) {
                    checkLeaseAge();
                }
                LOG.warn("HA loop ({}): {}", role, e.toString());
                sleepQuietly(Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(leaseNanos) / 4));
            }
        }
    }

    /** A follower: learns who leads; takes the lease once it has expired or its holder's process has died. */
    private void contend() throws SQLException, InterruptedException {
        LeaseHolder current = lease.read();
        leaderUrl = current.expired() ? null : current.advertisedUrl();
        if (advertisedUrl == null || closing) {
            return;
        }
        long asked = System.nanoTime();
        OptionalLong taken = lease.tryAcquire(advertisedUrl);
        if (taken.isPresent()) {
            LOG.info("Took the lease (term {}) from {}: {}", taken.getAsLong(), current.holder(),
                    current.expired() ? "it had expired"
                            : "its holder's database session had ended, or it expired just now");
            term = taken.getAsLong();
            lastRenewalNanos = asked;
            duties.takeOver(term);
        }
    }

    /** The leader: extends the lease; steps down when another instance took it or it expired unrenewed. */
    private void renew() {
        long asked = System.nanoTime();
        try {
            if (lease.renew(term)) {
                lastRenewalNanos = asked;
                return;
            }
            stepDown("another instance took the lease");
        } catch (SQLException e) {
            LOG.warn("Could not renew the lease: {}", e.toString());
            checkLeaseAge();
        }
    }

    private void checkLeaseAge() {
        if (System.nanoTime() - lastRenewalNanos >= leaseNanos) {
            stepDown("the lease was not renewed within its length");
        }
    }

    /** Stops leading and hands {@link Duties#steppedDown} to a new thread. Idempotent. */
    void stepDown(String reason) {
        synchronized (this) {
            if (role == Role.STEPPED_DOWN) {
                return;
            }
            role = Role.STEPPED_DOWN;
        }
        LOG.warn("Stepping down (term {}): {}", term, reason);
        Thread restart = new Thread(duties::steppedDown, "hyperperp-ha-step-down");
        restart.setDaemon(false);
        restart.start();
    }

    /** Stops the loop; returns whether this instance was leading when it stopped. */
    boolean stop() throws InterruptedException {
        closing = true;
        loop.interrupt();
        loop.join(5_000);
        return role == Role.LEADER;
    }

    /** Gives the lease up at once (an orderly shutdown of the leader), so a follower takes over. */
    void release() throws SQLException {
        lease.release(term);
        LOG.info("Released the lease (term {})", term);
    }

    void close() {
        lease.close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
