package io.hyperperp.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.cli.HyperperpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cli = HyperperpCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void badConfigurationStopsStartUpWithAMessage() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--host", "0.0.0.0", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("loopback");
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, "serve", "--set", "server.prot=1")).isEqualTo(1);
        assertThat(err2.toString()).contains("server.prot");
    }

    /** Starts {@code serve} in-process with the arguments, waits until it listens, returns the command. */
    private static ServeCommand start(AtomicInteger exit, Thread[] thread, String... args) throws Exception {
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        thread[0] = new Thread(() -> exit.set(cli.execute(args)));
        thread[0].start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (command.server() == null && thread[0].isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(command.server()).as("server started").isNotNull();
        return command;
    }

    private static final String ADMIN_TOKEN = "serve-test-admin-token-0123";

    private static HttpResponse<String> send(ServeCommand command, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(command.server().uri() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesInMemoryUntilClosed() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Thread[] thread = new Thread[1];
        ServeCommand command = start(exit, thread, "--in-memory", "--port", "0", "--set", "rate_limit.ip_per_sec=0");
        HttpResponse<String> r = send(command, "GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"disabled\"");
        command.server().close();
        thread[0].join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void defaultsToEmbeddedPostgresAndKeepsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        String[] args = {"--port", "0", "--data-dir", dataDir.toString(), "--set", "rate_limit.ip_per_sec=0",
            "--set", "auth.admin_token=" + ADMIN_TOKEN};
        AtomicInteger exit = new AtomicInteger(-1);
        Thread[] thread = new Thread[1];
        ServeCommand first = start(exit, thread, args);
        assertThat(send(first, "GET", "/health", null).body()).contains("\"up\"");
        // serve margins every market (cross) by default: without collateral the order is refused.
        HttpResponse<String> unfunded = send(first, "POST", "/v1/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"side\":\"buy\",\"order_type\":\"limit\",\"size\":\"10.0\",\"price\":\"30000.0\"}");
        assertThat(unfunded.statusCode()).as(unfunded.body()).isEqualTo(400);
        assertThat(unfunded.body()).contains("INSUFFICIENT_MARGIN");
        HttpResponse<String> deposit = send(first, "POST", "/v1/deposits",
                "{\"user_address\":\"0xa11ce\",\"amount\":\"30000\",\"deposit_id\":\"serve-1\"}");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        HttpResponse<String> placed = send(first, "POST", "/v1/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,"
                + "\"side\":\"buy\",\"order_type\":\"limit\",\"size\":\"10.0\",\"price\":\"30000.0\"}");
        assertThat(placed.statusCode()).as(placed.body()).isBetween(200, 201);
        first.server().close();
        thread[0].join(30_000);
        assertThat(exit.get()).isZero();
        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();

        ServeCommand second = start(exit, thread, args);
        HttpResponse<String> book = send(second, "GET", "/v1/orderbook/1", null);
        assertThat(book.body()).contains("\"30000.0\"").contains("\"10.0\"");
        assertThat(send(second, "GET", "/v1/accounts/0xa11ce", null).body())
                .contains("\"collateral\":\"30000.0\"").contains("\"margin_used\":\"30000.0\"");
        second.server().close();
        thread[0].join(30_000);
    }
}
