package io.hyperperp.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed PostgreSQL connection URL, either in libpq form ({@code postgresql://user:pass@host:port/db},
 * as in {@code HYPERPERP_DATABASE_URL}) or in JDBC form ({@code jdbc:postgresql://host:port/db?...}).
 *
 * <p>Credentials are pulled out of the URL (user info and {@code user}/{@code password} query parameters) so
 * that {@link #toJdbcUrl()} never carries a secret. Not API: used by {@code io.hyperperp.jdbc} and its tests.
 *
 * @param hosts    host list as written, e.g. {@code localhost:5432} or {@code h1:5432,h2:5433}
 * @param database database name as written in the URL (still percent-encoded)
 * @param query    remaining query string without {@code user}/{@code password}, empty when none
 * @param user     user name, or {@code null} when the URL names none
 * @param password password, or {@code null} when the URL carries none
 */
public record PostgresUrl(String hosts, String database, String query, String user, String password) {

    /** PostgreSQL's default TCP port. */
    public static final int DEFAULT_PORT = 5432;

    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final String[] PREFIXES = {JDBC_PREFIX, "postgresql://", "postgres://"};
    // Greedy up to the last "@": over-masks rather than leaks when a password holds "/" or "@".
    private static final Pattern USERINFO_SECRET = Pattern.compile("(://[^:/@?]*):.*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    /** Validates the components. */
    public PostgresUrl {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(database, "database");
        query = query == null ? "" : query;
    }

    /**
     * Parses a libpq-style or JDBC PostgreSQL URL.
     *
     * @param url the URL; reserved characters in user name or password must be percent-encoded
     * @return the parsed URL
     * @throws IllegalArgumentException with a message that never contains the password
     */
    public static PostgresUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.strip();
        String rest = stripPrefix(trimmed);
        if (rest == null) {
            throw invalid(trimmed, "expected postgresql://user:password@host:port/database"
                    + " or jdbc:postgresql://host:port/database");
        }
        int firstSlash = indexOfAny(rest, "/?");
        int at = rest.lastIndexOf('@', firstSlash < 0 ? rest.length() : firstSlash);
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), trimmed);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), trimmed);
            rest = rest.substring(at + 1);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        int slash = path.indexOf('/');
        String hosts = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : path.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw invalid(trimmed, "no host");
        }
        if (database.isEmpty()) {
            throw invalid(trimmed, "no database name");
        }
        if (database.indexOf('@') >= 0 || database.indexOf('/') >= 0) {
            throw invalid(trimmed, "unexpected '@' or '/' after the host; percent-encode reserved characters"
                    + " in the user name and password");
        }
        List<String> kept = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(param.substring(eq + 1), trimmed);
            if (key.equals("user")) {
                user = user == null ? value : user;
            } else if (key.equals("password")) {
                password = password == null ? value : password;
            } else {
                kept.add(param);
            }
        }
        return new PostgresUrl(hosts, database, String.join("&", kept), emptyToNull(user), emptyToNull(password));
    }

    /**
     * Masks secrets in any URL-like text (user-info passwords and {@code password=} parameters) for logging
     * and error messages. Works on strings that do not parse.
     *
     * @param url the text, may be {@code null}
     * @return the text with secrets replaced by {@code ***}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = USERINFO_SECRET.matcher(url).replaceAll("$1:***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
    }

    /** @return the JDBC URL for the PostgreSQL driver, without user or password */
    public String toJdbcUrl() {
        return JDBC_PREFIX + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /**
     * @param newDatabase database name as it should appear in the URL
     * @return this URL pointing at another database on the same server(s)
     */
    public PostgresUrl withDatabase(String newDatabase) {
        return new PostgresUrl(hosts, newDatabase, query, user, password);
    }

    /** @return the first host of {@link #hosts()} as {@code host:port}, with the default port filled in */
    public String firstHostAndPort() {
        String first = hosts.split(",", 2)[0];
        boolean hasPort = first.startsWith("[") ? first.contains("]:") : first.contains(":");
        return hasPort ? first : first + ":" + DEFAULT_PORT;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "PostgresUrl[" + toJdbcUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + "]";
    }

    private static String stripPrefix(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (lower.startsWith(prefix)) {
                return url.substring(prefix.length());
            }
        }
        return null;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Percent-decoding as in RFC 3986 ('+' stays '+', unlike form decoding). */
    private static String decode(String s, String wholeUrl) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%') {
                if (i + 2 >= s.length()) {
                    throw invalid(wholeUrl, "truncated percent-encoding");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw invalid(wholeUrl, "invalid percent-encoding");
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int next = s.indexOf('%', i);
                int end = next < 0 ? s.length() : next;
                byte[] bytes = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("Invalid PostgreSQL URL '" + mask(url) + "': " + reason);
    }
}
