package io.hyperperp.jdbc.internal;

import java.net.UnknownHostException;
import java.sql.SQLException;

/** Turns connection failures into one operator-readable line. Not API. */
public final class ConnectionFailures {

    private ConnectionFailures() {
    }

    /**
     * @param url      where we tried to connect
     * @param failure  what went wrong
     * @return e.g. {@code Cannot connect to PostgreSQL at db.example:5432 (database 'hyperperp', user 'app'):
     *         Connection to db.example:5432 refused. ...}; never contains the password
     */
    public static String describe(PostgresUrl url, Throwable failure) {
        String message = "Cannot connect to PostgreSQL at " + url.firstHostAndPort()
                + " (database '" + url.database() + "'" + (url.user() == null ? "" : ", user '" + url.user() + "'")
                + "): " + rootMessage(failure) + hint(failure);
        return scrub(message, url.password());
    }

    /**
     * @param text     any text
     * @param password a secret that must not appear in it, may be {@code null}
     * @return the text with the secret replaced by {@code ***}
     */
    public static String scrub(String text, String password) {
        String masked = PostgresUrl.mask(text);
        return password == null || password.isEmpty() ? masked : masked.replace(password, "***");
    }

    private static String rootMessage(Throwable failure) {
        String sqlMessage = null;
        Throwable deepest = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (sqlMessage == null && t instanceof SQLException && t.getMessage() != null) {
                sqlMessage = t.getMessage().strip();
            }
            deepest = t;
        }
        String deepestText = deepest.getMessage() == null
                ? deepest.getClass().getSimpleName()
                : deepest.getClass().getSimpleName() + ": " + deepest.getMessage().strip();
        if (sqlMessage == null) {
            return deepestText;
        }
        return deepest instanceof SQLException || sqlMessage.contains(String.valueOf(deepest.getMessage()))
                ? sqlMessage
                : sqlMessage + " [" + deepestText + "]";
    }

    private static String hint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return " (unknown host: check the host name in the database URL)";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case "28P01", "28000":
                        return " (check the user name and password in the database URL)";
                    case "3D000":
                        return " (the database does not exist: create it first)";
                    default:
                        break;
                }
            }
        }
        return "";
    }
}
