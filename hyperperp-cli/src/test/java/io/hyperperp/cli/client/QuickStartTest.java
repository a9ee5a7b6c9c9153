package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.server.HyperperpServer;
import io.hyperperp.server.config.ServerConfigLoader;
import io.hyperperp.server.persistence.JdbcBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Five-minute tour" of docs/cli.md, run in-process: a server on a fresh data directory (embedded PostgreSQL) and a
 * short settlement batch timeout, crossing orders, the fill, the book, the confirmed batch. The
 * commands are exactly those of the tour (the test adds --server for the random port).
 */
class QuickStartTest {

    /** The tour's client commands, in order (docs/cli.md must show each one). */
    static final List<String> TOUR = List.of(
            "hyperperp health",
            "hyperperp markets",
            "hyperperp deposit --user 0xa11ce --amount 100000 --id tour-1",
            "hyperperp deposit --user 0xb0b --amount 100000 --id tour-2",
            "hyperperp submit --user 0xa11ce --market 1 --sell --limit 30000 --size 10 --tif post_only",
            "hyperperp submit --user 0xb0b --market 1 --buy --limit 30000 --size 4",
            "hyperperp trades --market 1",
            "hyperperp book 1",
            "hyperperp positions --user 0xb0b",
            "hyperperp account --user 0xb0b",
            "hyperperp batches --status confirmed");

    /** The admin token the tour exports for the server and the deposit commands. */
    static final String ADMIN_TOKEN = "tour-admin-secret-2026";

    /** The tour's server command (started here in-process with the same setting). */
    static final String SERVE = "HYPERPERP_AUTH__ADMIN_TOKEN=" + "tour-admin-secret-2026"
            + " hyperperp serve --data-dir tour-data --set settlement.batch_timeout_secs=0.5";

    @Test
    void docsShowTheTour() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "cli.md"));
        assertThat(docs).contains("## Five-minute tour").contains(SERVE);
        for (String command : TOUR) {
            assertThat(docs).as("docs/cli.md shows " + command).contains(command);
        }
    }

    @Test
    void tour(@TempDir Path freshDataDir) throws Exception {
        Map<String, String> flags = Map.of("server.port", "0", "server.data_dir", freshDataDir.toString(),
                "settlement.batch_timeout_secs", "0.5", "auth.admin_token", ADMIN_TOKEN);
        try (HyperperpServer server = HyperperpServer.start(ServerConfigLoader.load(flags, Map.of(), null),
                JdbcBackend::open)) {
            String url = server.uri().toString();
            Cli[] results = new Cli[TOUR.size()];
            for (int i = 0; i < TOUR.size(); i++) {
                if (TOUR.get(i).startsWith("hyperperp batches")) {
                    results[i] = awaitConfirmed(TOUR.get(i), url);
                } else {
                    results[i] = run(TOUR.get(i), url);
                }
                assertThat(results[i].exitCode()).as(TOUR.get(i) + "\n" + results[i]).isZero();
            }
            assertThat(results[0].out()).contains("status: ok");
            assertThat(results[2].out()).contains("deposited 100000 to 0xa11ce").contains("collateral 100000.0");
            assertThat(results[4].out()).contains(": open  ");
            assertThat(results[5].out()).contains("filled").contains("30000.0").contains("4.0");
            assertThat(results[6].out()).contains("0xb0b").contains("0xa11ce").contains("30000.0");
            assertThat(results[7].out()).contains("ask").contains("30000.0").contains("6.0");
            assertThat(results[8].out()).contains("long").contains("4.0");
            assertThat(results[9].out()).contains("margin_used 12000.0").contains("long").contains("30000.0");
            assertThat(results[10].out()).contains("confirmed");
            assertThat(run("hyperperp deposit --user 0xb0b --amount 100000 --id tour-2", url).out())
                    .contains("already credited");
        }
    }

    private static Cli run(String command, String url) {
        // The tour exports HYPERPERP_AUTH__ADMIN_TOKEN; the test passes the same token as the option.
        String admin = command.startsWith("hyperperp deposit") ? " --admin-token " + ADMIN_TOKEN : "";
        String[] words = (command.substring("hyperperp ".length()) + admin).split(" ");
        String[] args = Arrays.copyOf(words, words.length + 2);
        args[words.length] = "--server";
        args[words.length + 1] = url;
        return Cli.run(args);
    }

    private static Cli awaitConfirmed(String command, String url) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        Cli r = run(command, url);
        while (!r.out().contains("confirmed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            r = run(command, url);
        }
        return r;
    }
}
