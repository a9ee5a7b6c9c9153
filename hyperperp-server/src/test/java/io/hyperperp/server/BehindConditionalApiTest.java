package io.hyperperp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ConditionalApiTest} on the persistent backend with the tables written behind the command log (the writer
 * gathering for 5 s): the triggered list, read from PostgreSQL right after the trigger, still holds it.
 */
class BehindConditionalApiTest extends ConditionalApiTest {

    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("hyperperp-conditional-behind");
        t = TestServer.startPersistent(Map.of("auth.admin_token", "test-admin-token-0123456789",
                "persistence.tables", "behind", "persistence.tables_batch_ms", "5000"), dataDir);
    }

    @AfterAll
    static void stop() {
        t.close();
        TestServer.deleteDirectory(dataDir);
    }
}
