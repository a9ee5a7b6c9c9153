package io.hyperperp.server.ha;

import io.hyperperp.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer connection a follower opens ahead of time: taking over, its first group commit then does not wait
 * for a new connection (a new PostgreSQL backend takes tens to hundreds of milliseconds on a loaded machine).
 */
final class SpareConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpareConnection.class);

    private final Database database;
    private Connection spare;
    private long failures;

    SpareConnection(Database database) {
        this.database = database;
    }

    /** Opens the spare if there is none (best effort: a failure is retried on a later call). */
    synchronized void keep() {
        if (spare != null || failures++ % 100 != 0) {
            return;
        }
        try {
            spare = database.openDirectConnection();
            failures = 0;
        } catch (SQLException e) {
            LOG.debug("could not open a spare writer connection: {}", e.toString());
        }
    }

    /** @return the spare if it still works, else a new connection */
    synchronized Connection take() throws SQLException {
        Connection c = spare;
        spare = null;
        if (c != null) {
            if (c.isValid(1)) {
                return c;
            }
            c.close();
        }
        return database.openDirectConnection();
    }

    @Override
    public synchronized void close() {
        if (spare != null) {
            try {
                spare.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            spare = null;
        }
    }
}
