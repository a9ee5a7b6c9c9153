package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link WireFormatTest} on embedded PostgreSQL, whose order rows, ledger timestamps and numeric
 * columns come back through other code than the in-memory backend's.
 */
class PersistentWireFormatTest extends WireFormatTest {

    final List<Path> dataDirs = new java.util.ArrayList<>();

    @Override
    TestServer start() throws Exception {
        Path dir = Files.createTempDirectory("hyperperp-wire");
        dataDirs.add(dir);
        return TestServer.startPersistent(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"), dir);
    }

    @Override
    List<JsonNode> extraAnswers(TestServer t) throws Exception {
        JsonNode ledger = ok(t.get("/v1/accounts/0xb0b/ledger"));
        assertThat(ledger.path("entries").size()).isGreaterThanOrEqualTo(2);
        JsonNode deposit = ledger.path("entries").get(ledger.path("entries").size() - 1);
        assertThat(deposit.path("kind").asText()).isEqualTo("deposit");
        assertThat(deposit.path("amount").asText()).as("a numeric(…, 8) column, canonical").isEqualTo("1000000.0");
        return List.of(ledger);
    }

    @AfterEach
    void deleteDataDirs() {
        dataDirs.forEach(TestServer::deleteDirectory);
    }
}
