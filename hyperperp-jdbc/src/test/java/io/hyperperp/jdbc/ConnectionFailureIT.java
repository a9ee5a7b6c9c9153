package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hyperperp.jdbc.testing.FreshDatabase;
import io.hyperperp.jdbc.testing.LogCapture;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(FreshDatabase.class)
class ConnectionFailureIT {

    private static final String SECRET = "Zq7-very-secret-pw";

    @Test
    void unreachableServerFailsFastWithHostAndPortButNoPassword() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        DatabaseConfig config = DatabaseConfig.fromUrl("postgresql://trader:" + SECRET + "@127.0.0.1:" + port + "/hp");
        long start = System.nanoTime();
        DatabaseException failure;
        try (LogCapture logs = new LogCapture()) {
            failure = catchThrowableOfType(DatabaseException.class, () -> Database.start(config));
            assertThat(logs.text()).doesNotContain(SECRET);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure).isNotNull();
        LoggerFactory.getLogger(ConnectionFailureIT.class).info("Reported: {}", failure.getMessage());
        assertThat(failure.getMessage())
                .startsWith("Cannot connect to PostgreSQL at 127.0.0.1:" + port)
                .contains("database 'hp'", "user 'trader'", "refused")
                .doesNotContain(SECRET);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        }
    }

    @Test
    void successfulStartNeverLogsThePassword(DatabaseConfig config) {
        // The embedded test server trusts local connections, so any password works; a real one is used as is.
        DatabaseConfig withSecret = config.password() == null ? config.withCredentials(config.user(), SECRET) : config;
        String password = withSecret.password();
        try (LogCapture logs = new LogCapture()) {
            try (Database db = Database.start(withSecret)) {
                assertThat(db.toString()).doesNotContain(password);
                int one = db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                assertThat(one).isEqualTo(1);
            }
            assertThat(logs.text()).isNotEmpty().doesNotContain(password);
        }
        assertThat(withSecret.toString()).doesNotContain(password);
    }
}
