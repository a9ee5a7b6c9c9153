package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locale of the embedded server's data directory: {@code C} when new, unchanged when it exists already. */
class EmbeddedServerLocaleIT {

    @TempDir
    Path root;

    @Test
    void aNewDataDirectoryComparesTextByteByByte() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(root.resolve("postgres"), 0);
             Connection c = connect(server)) {
            assertThat(locale(c)).containsExactly("C", "C", "UTF8");
            // Byte order, not a language's: upper case before lower case, '_' between them.
            assertThat(sorted(c, "VALUES ('b'), ('_'), ('B'), ('a'), ('A')")).containsExactly("A", "B", "_", "a", "b");
        }
    }

    @Test
    void aDataDirectoryCreatedUnderAnotherLocaleKeepsItAndItsIndexes() throws Exception {
        Path data = root.resolve("postgres");
        // A data directory as every embedded server made before session 18 on a machine running under C.UTF-8.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setLocaleConfig("locale", "C.UTF-8").start();
             Connection c = old.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + EmbeddedServer.DATABASE);
        }
        try (EmbeddedServer server = EmbeddedServer.start(data, 0);
             Connection c = connect(server);
             Statement s = c.createStatement()) {
            assertThat(locale(c)).containsExactly("C.UTF-8", "C.UTF-8", "UTF8");
            s.execute("CREATE TABLE accounts (address text PRIMARY KEY)");
            s.execute("INSERT INTO accounts SELECT '0x' || to_hex(n) FROM generate_series(1, 1000) n");
        }
        try (EmbeddedServer server = EmbeddedServer.start(data, 0);
             Connection c = connect(server);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM accounts WHERE address BETWEEN '0x1' AND '0x2'")) {
            assertThat(locale(c)).containsExactly("C.UTF-8", "C.UTF-8", "UTF8");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1 + 16 + 256 + 1); // 0x1, 0x10-0x1f, 0x100-0x1ff and 0x2
        }
    }

    private static Connection connect(EmbeddedServer server) throws SQLException {
        return DriverManager.getConnection(server.url().toJdbcUrl(), EmbeddedServer.USER, "");
    }

    /** @return the {@link EmbeddedServer#DATABASE}'s collation, character type and encoding */
    private static List<String> locale(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datcollate, datctype, pg_encoding_to_char(encoding)"
                     + " FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    private static List<String> sorted(Connection c, String values) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM (" + values + ") AS t(v) ORDER BY v")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
