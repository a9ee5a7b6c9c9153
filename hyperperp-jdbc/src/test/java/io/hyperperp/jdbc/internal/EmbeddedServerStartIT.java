package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded PostgreSQL start after a crash that left a zombie postmaster, and a start that fails. */
class EmbeddedServerStartIT {

    @TempDir
    Path root;

    @Test
    void aZombiePostmasterNamedInThePidFileDoesNotBlockTheRestart() throws Exception {
        Path data = root.resolve("postgres");
        EmbeddedServer.start(data, 0).close();
        try (Zombie zombie = new Zombie()) {
            // What a crash that killed the JVM and PostgreSQL together leaves when nobody reaps the postmaster.
            Files.writeString(data.resolve("postmaster.pid"), zombie.pid() + "\n" + data + "\n");
            long start = System.nanoTime();
            try (EmbeddedServer server = EmbeddedServer.start(data, 0);
                 Connection c = DriverManager.getConnection(server.url().toJdbcUrl(), EmbeddedServer.USER, "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("restart seconds").isLessThan(30);
        }
    }

    @Test
    void aFailedStartShowsPostgresqlsLastLines() throws Exception {
        Path data = root.resolve("postgres");
        EmbeddedServer.start(data, 0).close();
        // A setting the postmaster refuses: it stops at once and says why, on its own output.
        Files.writeString(data.resolve("postgresql.conf"), "\nshared_buffers = 'plenty'\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> EmbeddedServer.start(data, 0))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("PostgreSQL's last lines")
                .hasMessageContaining(EmbeddedServer.logFile(data).toString())
                .hasMessageContaining("shared_buffers");
    }
}
