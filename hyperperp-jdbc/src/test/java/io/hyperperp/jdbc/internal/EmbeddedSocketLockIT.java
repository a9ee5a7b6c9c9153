package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server starts on a port whose Unix-socket lock file in /tmp names a live process: what a killed
 * instance leaves while its postmaster is an unreaped zombie, or another instance on the machine. With a socket in
 * /tmp PostgreSQL refused such a start ("lock file ... already exists"); the embedded server listens on TCP only.
 */
class EmbeddedSocketLockIT {

    @Test
    void aForeignSocketLockFileOnThePortDoesNotStopTheStart(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path lock = Path.of("/tmp", ".s.PGSQL." + port + ".lock");
        boolean ours = !Files.exists(lock);
        if (ours) {
            // PostgreSQL's lock-file format: the owner's PID first. PID 1 is always alive (this JVM's own PID would
            // not do: PostgreSQL takes its parent's and grandparent's PIDs for stale)
            Files.writeString(lock, "1\n" + data + "\n", StandardCharsets.US_ASCII);
        }
        try (EmbeddedServer server = EmbeddedServer.start(data.resolve("postgres"), port)) {
            assertThat(server.port()).isEqualTo(port);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                    "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery("SHOW unix_socket_directories")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEmpty();
            }
        } finally {
            if (ours) {
                Files.deleteIfExists(lock);
            }
        }
    }
}
