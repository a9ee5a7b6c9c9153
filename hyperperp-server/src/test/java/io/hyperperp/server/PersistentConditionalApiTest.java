package io.hyperperp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ConditionalApiTest} on the persistent backend: the triggered list comes from PostgreSQL. */
class PersistentConditionalApiTest extends ConditionalApiTest {

    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("hyperperp-conditional");
        t = TestServer.startPersistent(Map.of("auth.admin_token", "test-admin-token-0123456789"), dataDir);
    }

    @AfterAll
    static void stop() {
        t.close();
        TestServer.deleteDirectory(dataDir);
    }
}
