package io.hyperperp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link PersistentWireFormatTest} with the tables written behind the command log, the table writer gathering for
 * 5 s: every read of orders, trades and the ledger right after an acknowledged write still sees it (the read waits
 * for the writer, which writes at once for it), and the answers are the same as inline.
 */
class BehindWireFormatTest extends PersistentWireFormatTest {

    @Override
    TestServer start() throws Exception {
        Path dir = Files.createTempDirectory("hyperperp-wire-behind");
        dataDirs.add(dir);
        return TestServer.startPersistent(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross",
                "persistence.tables", "behind", "persistence.tables_batch_ms", "5000"), dir);
    }
}
