package io.hyperperp.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.DatabaseException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
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

        // Before session 16 the start waited (60 s) for a server to answer on its port, which the refused postmaster
        // never binds, and it still does when it cannot see the postmaster exit. On a free port, another process's
        // server (any embedded PostgreSQL started meanwhile on this machine) could take it and answer, and the
        // start would succeed. The port is held here instead; every connection to it
        // is closed at once, which to the start is a server not answering yet.
        try (PortHolder port = new PortHolder()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedServer.start(data, port.port()))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("the postmaster exited during start-up")
                    .hasMessageContaining("PostgreSQL's last lines")
                    .hasMessageContaining(EmbeddedServer.logFile(data).toString())
                    .hasMessageContaining("shared_buffers");
            // Until session 16 the start waited its whole 60 s for the exited postmaster to answer.
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("failed start, seconds").isLessThan(15);
        }
        // Nothing of the failed start holds the directory: with the setting repaired, it starts.
        String conf = Files.readString(data.resolve("postgresql.conf"));
        Files.writeString(data.resolve("postgresql.conf"), conf.replace("shared_buffers = 'plenty'", ""));
        EmbeddedServer.start(data, 0).close();
    }

    /** Listens on a free port (every address) and closes each connection it accepts. */
    private static final class PortHolder implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        PortHolder() throws IOException {
            socket = new ServerSocket(0);
            acceptor = Thread.ofPlatform().daemon().name("port-holder").start(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        // closed at once
                    } catch (IOException e) {
                        // closed by close(), or one connection failed: the loop condition decides
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(10_000);
        }
    }
}
